package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

/** Who hears about a run, and on which events. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Notifications {
    @Size(max = 20)
    @ValidationRule(value = "self.all(e, e.matches('^[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+$'))",
            message = "each notifications.email entry must be an e-mail address", reason = "FieldValueInvalid")
    @JsonPropertyDescription("E-mail addresses to notify.")
    private List<@Size(max = 254) String> email;

    @Size(max = 2048)
    @Pattern("^https?://\\S+$")
    @JsonPropertyDescription("URL that receives a JSON POST per event.")
    private String webhookUrl;

    @Size(max = 6)
    @JsonProperty("on")
    @JsonPropertyDescription("Events to notify about (Started, Succeeded, PartiallySucceeded, Failed, RolledBack, Blocked).")
    private List<NotificationEvent> on;

    public List<String> getEmail() {
        return email;
    }

    public void setEmail(List<String> email) {
        this.email = email;
    }

    public String getWebhookUrl() {
        return webhookUrl;
    }

    public void setWebhookUrl(String webhookUrl) {
        this.webhookUrl = webhookUrl;
    }

    public List<NotificationEvent> getOn() {
        return on;
    }

    public void setOn(List<NotificationEvent> on) {
        this.on = on;
    }
}
