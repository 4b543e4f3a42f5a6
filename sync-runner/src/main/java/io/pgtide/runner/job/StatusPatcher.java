package io.pgtide.runner.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.pgtide.api.BackupStatus;
import io.pgtide.api.Preview;
import io.pgtide.api.Progress;
import io.pgtide.api.SyncJob;
import io.pgtide.api.TableStatus;
import io.pgtide.runner.progress.StatusProgress;

import java.util.List;

/**
 * Writes the runner-owned status fields of one SyncJob: a JSON merge patch of
 * {@code {"status": {"progress": ..., "tables": [...], "backup": ...}}} (or {@code status.restore.result}, or {@code status.preview} of a dry run) on the status subresource. A merge patch
 * leaves every field it does not name alone, so the operator's fields (phase, conditions, run, ...)
 * are never touched, and it needs no resourceVersion, so it never conflicts with the operator's
 * own writes. {@code tables} is a list and is replaced whole, as intended.
 */
public final class StatusPatcher implements StatusProgress.Sink {
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> progressFields;
    private final List<String> backupFields;
    private final List<String> previewFields;
    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    public StatusPatcher(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.progressFields = mapper.getSerializationConfig().introspect(mapper.constructType(Progress.class))
                .findProperties().stream().map(p -> p.getName()).toList();
        this.backupFields = mapper.getSerializationConfig().introspect(mapper.constructType(BackupStatus.class))
                .findProperties().stream().map(p -> p.getName()).toList();
        this.previewFields = mapper.getSerializationConfig().introspect(mapper.constructType(Preview.class))
                .findProperties().stream().map(p -> p.getName()).toList();
    }

    @Override
    public void write(Progress progress, List<TableStatus> tables) {
        write(progress, tables, null);
    }

    @Override
    public void write(Progress progress, List<TableStatus> tables, BackupStatus backup) {
        send(patch(progress, tables, backup));
    }

    /** {@code status.restore.result}: the one-line outcome of a restore Job (the operator writes the rest of status.restore). */
    public void writeRestoreResult(String result) {
        ObjectNode restore = mapper.createObjectNode().put("result", result);
        ObjectNode root = mapper.createObjectNode();
        root.putObject("status").set("restore", restore);
        send(root.toString());
    }

    /**
     * {@code status.preview}: the result of a dry run, replacing the previous preview whole (its
     * tables list is replaced by the merge patch anyway; absent fields are nulled explicitly).
     */
    public void writePreview(Preview preview) {
        ObjectNode p = mapper.valueToTree(preview);
        for (String field : previewFields) {
            if (!p.has(field)) {
                p.putNull(field);
            }
        }
        ObjectNode root = mapper.createObjectNode();
        root.putObject("status").set("preview", p);
        send(root.toString());
    }

    private void send(String patch) {
        // Through an object that names the SyncJob rather than withName(): fabric8 GETs the resource
        // before a patch unless it is given one, which would double the requests and need get access.
        SyncJob target = new SyncJob();
        target.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        client.resource(target).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    String patch(Progress progress, List<TableStatus> tables) {
        return patch(progress, tables, null);
    }

    /** {@code backup} null: status.backup is left as it is (not decided yet in this run). */
    String patch(Progress progress, List<TableStatus> tables, BackupStatus backup) {
        ObjectNode status = mapper.createObjectNode();
        ObjectNode p = mapper.valueToTree(progress);
        // Progress leaves unknown values out (NON_NULL); in a merge patch an absent field keeps its
        // old value, so say null explicitly, or a stale ETA of an earlier run would stay.
        for (String field : progressFields) {
            if (!p.has(field)) {
                p.putNull(field);
            }
        }
        status.set("progress", p);
        status.set("tables", mapper.valueToTree(tables));
        if (backup != null) {
            ObjectNode b = mapper.valueToTree(backup);
            // The whole object is this run's: fields of the previous run's backup must not survive.
            for (String field : backupFields) {
                if (!b.has(field)) {
                    b.putNull(field);
                }
            }
            status.set("backup", b);
        }
        ObjectNode root = mapper.createObjectNode();
        root.set("status", status);
        return root.toString();
    }
}
