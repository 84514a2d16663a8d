package io.phalanx.functions.actions;

import io.phalanx.core.governance.ActionSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ansible-playbook <playbook> -e k=v ...} in the working directory, with the idempotency key
 * as the extra var {@code phalanx_idempotency_key} (a playbook can record it and skip a key it has
 * seen).
 */
public final class AnsibleAction implements RemediationAction {
    private final String binary;
    private final Path workDir;

    /**
     * @param binary {@code ansible-playbook} or a path to it
     */
    public AnsibleAction(String binary, Path workDir) {
        this.binary = binary;
        this.workDir = workDir;
    }

    @Override
    public ActionSpec.ActionType type() {
        return ActionSpec.ActionType.ANSIBLE;
    }

    List<String> command(ActionSpec spec, String key) {
        List<String> cmd = new ArrayList<>(List.of(binary, spec.target()));
        spec.params().forEach((k, v) -> cmd.addAll(List.of("-e", k + "=" + v)));
        cmd.addAll(List.of("-e", "phalanx_idempotency_key=" + key));
        return cmd;
    }

    @Override
    public String describe(ActionSpec spec, String key) {
        return String.join(" ", command(spec, key));
    }

    @Override
    public Result run(ActionSpec spec, String key, Duration timeout) throws InterruptedException {
        return ProcessRunner.run(command(spec, key), workDir, Map.of(), timeout);
    }
}
