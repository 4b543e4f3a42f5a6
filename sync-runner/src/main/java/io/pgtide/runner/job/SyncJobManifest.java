package io.pgtide.runner.job;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.pgtide.api.DatabaseConnection;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobSpec;
import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Reads SyncJob manifests (YAML or JSON, as kubectl would apply them) and run spec snapshots
 * through fabric8's serialization, so the runner reads exactly what the API server stores.
 */
public final class SyncJobManifest {
    private static final KubernetesSerialization SERIALIZATION = serialization();

    private SyncJobManifest() {
    }

    /**
     * fabric8's serialization with pgtide's kinds registered: without that, a document read without
     * naming its class comes back as a GenericKubernetesResource (STACK.md trap 7).
     */
    public static KubernetesSerialization serialization() {
        KubernetesSerialization serialization = new KubernetesSerialization();
        serialization.registerKubernetesResource(SyncJob.class);
        serialization.registerKubernetesResource(DatabaseConnection.class);
        return serialization;
    }

    /**
     * The one SyncJob in a manifest file. The file may hold other documents too (Secrets,
     * DatabaseConnections, as in an example to apply): they are skipped.
     */
    public static SyncJob read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UserError(ExitCode.BAD_INPUT, "Cannot read the SyncJob manifest " + file + ": " + e.getMessage() + ".");
        }
        Object parsed;
        try {
            parsed = SERIALIZATION.unmarshal(text);
        } catch (RuntimeException e) {
            // The parser quotes the token it choked on, and a file given by mistake may hold a Secret.
            throw new UserError(ExitCode.BAD_INPUT, "The SyncJob manifest " + file + " is not valid YAML or JSON of a"
                    + " Kubernetes object: " + firstLine(e).replaceAll("'[^']*'", "'...'") + ".");
        }
        List<SyncJob> jobs = documents(parsed).stream().filter(SyncJob.class::isInstance).map(SyncJob.class::cast).toList();
        if (jobs.size() != 1) {
            throw new UserError(ExitCode.BAD_INPUT, "The manifest " + file + " holds " + jobs.size() + " SyncJob objects"
                    + " (apiVersion " + DatabaseConnection.GROUP + "/" + DatabaseConnection.VERSION + ", kind SyncJob);"
                    + " give a file with exactly one.");
        }
        SyncJob job = jobs.get(0);
        if (job.getMetadata() == null || job.getMetadata().getName() == null || job.getMetadata().getName().isBlank()) {
            throw new UserError(ExitCode.BAD_INPUT, "The SyncJob in " + file + " has no metadata.name; the name is part"
                    + " of its checkpoint identity.");
        }
        return job;
    }

    /** A SyncJob spec given as JSON (the operator's run spec snapshot in a runner pod). */
    public static SyncJobSpec spec(String json, String source) {
        try {
            return SERIALIZATION.unmarshal(json, SyncJobSpec.class);
        } catch (RuntimeException e) {
            throw new UserError(ExitCode.BAD_INPUT, source + " is not a SyncJob spec in JSON: " + firstLine(e) + ".");
        }
    }

    private static Collection<?> documents(Object parsed) {
        if (parsed instanceof KubernetesResourceList<?> list) {
            return list.getItems();
        }
        if (parsed instanceof Collection<?> many) {
            return many;
        }
        return parsed instanceof KubernetesResource ? List.of(parsed) : List.of();
    }

    private static String firstLine(RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = String.valueOf(cause.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
