package io.pgtide.operator.status;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

import java.util.List;

/**
 * The one way the operator writes status: a JSON merge patch of the fields it owns, so that fields
 * another writer owns (the runner's progress and tables) are never sent and so never erased.
 *
 * <p>JOSDK's own status update would either send a JSON patch diff that removes fields the operator
 * did not set, or take ownership of everything through server-side apply. Merge patches drop null
 * values, so a field the operator wants to clear is listed in {@code clearWhenAbsent} and sent as an
 * explicit {@code null}. The patch carries the resourceVersion it was computed from (optimistic
 * locking); on a conflict JOSDK re-reads the resource and sends the same fields again, and it caches
 * the result so that the next reconcile sees what was just written even before the watch delivers it.
 */
public final class StatusPatcher {
    private StatusPatcher() {
    }

    /**
     * Patches {@code status} of the primary resource with the non-null fields of {@code ownedStatus},
     * plus explicit nulls for the dotted paths in {@code clearWhenAbsent} that it leaves unset.
     */
    public static <P extends HasMetadata> P mergePatch(P primary, Context<P> context, Object ownedStatus,
                                                       List<String> clearWhenAbsent) {
        ObjectNode status = context.getClient().getKubernetesSerialization().convertValue(ownedStatus, ObjectNode.class);
        for (String path : clearWhenAbsent) {
            putNullIfAbsent(status, path.split("\\."), 0);
        }
        return PrimaryUpdateAndCacheUtils.updateAndCacheResource(primary, context, r -> r, r -> {
            ObjectNode patch = JsonNodeFactory.instance.objectNode();
            patch.putObject("metadata").put("resourceVersion", r.getMetadata().getResourceVersion());
            patch.set("status", status);
            return context.getClient().resource(r).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        });
    }

    private static void putNullIfAbsent(ObjectNode node, String[] path, int index) {
        String field = path[index];
        if (index == path.length - 1) {
            if (!node.has(field)) {
                node.putNull(field);
            }
        } else if (node.get(field) instanceof ObjectNode child) {
            putNullIfAbsent(child, path, index + 1);
        }
    }
}
