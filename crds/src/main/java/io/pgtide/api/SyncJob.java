package io.pgtide.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A sync of chosen tables from one DatabaseConnection to another, run once, again on a new
 * {@code rerunNonce}, or on a schedule.
 *
 * <p>The immutability rule sits on the whole object rather than on {@code spec} because a rule only
 * sees the subtree it is attached to, and whether a run is active is in {@code status}. On an update
 * of the main resource the API server keeps the stored status (the status subresource ignores the
 * request's), so {@code oldSelf.status.phase} is the phase the operator last wrote. Updates through
 * {@code /status} cannot change {@code spec}, so the rule holds for them trivially. The runner works
 * on a snapshot of the spec anyway; the rule keeps {@code spec} and {@code status} telling the same story.
 */
@Group(DatabaseConnection.GROUP)
@Version(DatabaseConnection.VERSION)
@Kind("SyncJob")
@Singular("syncjob")
@Plural("syncjobs")
@ShortNames("sj")
@ValidationRule(value = "!has(oldSelf.status) || !has(oldSelf.status.phase)"
        + " || !(oldSelf.status.phase in ['Running', 'Suspended'])"
        + " || (self.spec.sourceRef == oldSelf.spec.sourceRef && self.spec.targetRef == oldSelf.spec.targetRef"
        + " && self.spec.tables == oldSelf.spec.tables)",
        message = "spec.sourceRef, spec.targetRef and spec.tables cannot change while a run is active (phase Running or"
                + " Suspended); wait for the run to end, or delete and recreate the SyncJob",
        reason = "FieldValueForbidden")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.progress.percent", type = AdditionalPrinterColumn.Type.INTEGER,
        getDescription = "Percent done of the current or last run")
@AdditionalPrinterColumn(name = "Source", jsonPath = ".spec.sourceRef.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.targetRef.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Rows", jsonPath = ".status.progress.rowsDone", type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 1, getDescription = "Rows copied by the current or last run")
@AdditionalPrinterColumn(name = "Preview", jsonPath = ".status.preview.summary", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1, getDescription = "What the last dry run found would change: +insert ~update -delete =unchanged")
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
public class SyncJob extends CustomResource<SyncJobSpec, SyncJobStatus> implements Namespaced {
}
