package io.pgtide.operator.connection;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pgtide.api.CredentialsSecretRef;
import io.pgtide.api.DatabaseConnection;
import io.pgtide.api.DatabaseConnectionSpec;
import io.pgtide.api.UrlSecretRef;
import io.pgtide.runner.UserError;
import io.pgtide.runner.db.PgUrl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a DatabaseConnection's spec and its Secret into a {@link PgUrl}. The Secret is read
 * directly (get only, no list or watch): the operator needs no cluster-wide Secret informer, and a
 * fixed Secret is picked up by the next periodic check.
 */
final class ConnectionCredentials {
    /** The part of the engine's URL error that says what is wrong, without its command-line advice. */
    private static final Pattern URL_PROBLEM = Pattern.compile("is not usable: (.+?)\\. Use postgresql://");

    private final KubernetesClient client;

    ConnectionCredentials(KubernetesClient client) {
        this.client = client;
    }

    PgUrl resolve(DatabaseConnection connection) throws ConnectionProblem {
        DatabaseConnectionSpec spec = connection.getSpec();
        if (spec == null || (spec.getCredentialsSecretRef() == null) == (spec.getUrlSecretRef() == null)) {
            throw new ConnectionProblem(ConnectionReason.InvalidSpec,
                    "Exactly one of spec.credentialsSecretRef and spec.urlSecretRef must be set");
        }
        String namespace = connection.getMetadata().getNamespace();
        return spec.getUrlSecretRef() != null
                ? fromUrlSecret(namespace, spec.getUrlSecretRef())
                : fromCredentialsSecret(namespace, spec, spec.getCredentialsSecretRef());
    }

    private PgUrl fromCredentialsSecret(String namespace, DatabaseConnectionSpec spec, CredentialsSecretRef ref)
            throws ConnectionProblem {
        if (isBlank(spec.getHost()) || isBlank(spec.getDatabase())) {
            throw new ConnectionProblem(ConnectionReason.InvalidSpec,
                    "spec.host and spec.database are required with spec.credentialsSecretRef");
        }
        Map<String, String> data = secretData(namespace, ref.getName());
        String user = requireKey(data, ref.getName(), ref.getUsernameKey(), "spec.credentialsSecretRef.usernameKey");
        String password = requireKey(data, ref.getName(), ref.getPasswordKey(), "spec.credentialsSecretRef.passwordKey");
        Map<String, String> parameters = new HashMap<>();
        if (spec.getSslMode() != null) {
            parameters.put("sslmode", SslModes.libpqName(spec.getSslMode()));
        }
        int port = spec.getPort() == null ? 5432 : spec.getPort();
        return new PgUrl(spec.getHost(), port, spec.getDatabase(), user, password, parameters);
    }

    private PgUrl fromUrlSecret(String namespace, UrlSecretRef ref) throws ConnectionProblem {
        Map<String, String> data = secretData(namespace, ref.getName());
        String url = requireKey(data, ref.getName(), ref.getKey(), "spec.urlSecretRef.key");
        try {
            return PgUrl.parse("url", url, null);
        } catch (UserError e) {
            Matcher m = URL_PROBLEM.matcher(e.getMessage());
            String why = m.find() ? m.group(1) : "it is not a postgresql:// URL";
            throw new ConnectionProblem(ConnectionReason.MalformedUrl, "The URL under key '" + ref.getKey()
                    + "' of Secret '" + ref.getName() + "' is malformed: " + why
                    + ". Expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE[?sslmode=...]");
        }
    }

    private Map<String, String> secretData(String namespace, String name) throws ConnectionProblem {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            throw new ConnectionProblem(ConnectionReason.SecretNotFound,
                    "Secret '" + name + "' does not exist in namespace '" + namespace + "'");
        }
        Map<String, String> values = new HashMap<>();
        // A real API server turns stringData into data on write; the mock API of tests and the demo does not.
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> values.put(k, new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        return values;
    }

    private static String requireKey(Map<String, String> data, String secret, String key, String field)
            throws ConnectionProblem {
        String value = data.get(key);
        if (value == null || value.isEmpty()) {
            throw new ConnectionProblem(ConnectionReason.SecretKeyNotFound, "Secret '" + secret + "' has no key '" + key
                    + "' (named by " + field + "); it has: " + String.join(", ", data.keySet().stream().sorted().toList()));
        }
        return value;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
