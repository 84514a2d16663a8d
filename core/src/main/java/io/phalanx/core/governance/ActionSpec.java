package io.phalanx.core.governance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of a remediation plan, run by the executor's action of that type.
 *
 * @param name unique within the plan; part of the action's idempotency key
 * @param target the Ansible playbook, the Terraform working directory, or the webhook URL
 * @param params Ansible extra vars, Terraform {@code -var}s, or the webhook's {@code method} and
 *     {@code body}
 */
public record ActionSpec(ActionType type, String name, String target, Map<String, String> params) {

    /** The kinds of pluggable action. */
    public enum ActionType {
        ANSIBLE,
        TERRAFORM,
        WEBHOOK
    }

    public ActionSpec {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * The key that makes this step of {@code proposalId} run at most once, passed to the action
     * (extra var, {@code -var}, {@code Idempotency-Key} header) so the far side can refuse a replay
     * too.
     */
    public String idempotencyKey(String proposalId) {
        return proposalId + "#" + name;
    }
}
