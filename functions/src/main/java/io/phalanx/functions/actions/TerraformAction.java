package io.phalanx.functions.actions;

import io.phalanx.core.governance.ActionSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code terraform -chdir=<dir> apply -auto-approve -input=false -var k=v ...}. The idempotency key
 * goes in {@code TF_VAR_phalanx_idempotency_key}: Terraform ignores an undeclared variable from the
 * environment, whereas an undeclared {@code -var} is an error.
 */
public final class TerraformAction implements RemediationAction {
    private final String binary;
    private final Path workDir;

    public TerraformAction(String binary, Path workDir) {
        this.binary = binary;
        this.workDir = workDir;
    }

    @Override
    public ActionSpec.ActionType type() {
        return ActionSpec.ActionType.TERRAFORM;
    }

    List<String> command(ActionSpec spec) {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                binary,
                                "-chdir=" + spec.target(),
                                "apply",
                                "-auto-approve",
                                "-input=false"));
        spec.params().forEach((k, v) -> cmd.addAll(List.of("-var", k + "=" + v)));
        return cmd;
    }

    @Override
    public String describe(ActionSpec spec, String key) {
        return "TF_VAR_phalanx_idempotency_key=" + key + " " + String.join(" ", command(spec));
    }

    @Override
    public Result run(ActionSpec spec, String key, Duration timeout) throws InterruptedException {
        return ProcessRunner.run(
                command(spec), workDir, Map.of("TF_VAR_phalanx_idempotency_key", key), timeout);
    }
}
