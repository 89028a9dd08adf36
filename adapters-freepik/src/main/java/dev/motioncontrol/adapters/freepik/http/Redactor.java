package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Keeps the upstream key out of every text this client produces: failure messages, log lines, descriptions of
 * exceptions. Also puts those texts on one line and cuts them short, so that neither a forged log line nor a
 * megabyte of answer comes out of them.
 */
final class Redactor {

    static final String REDACTED = "[redacted]";
    /** What takes the key's place in a task relayed to clients: a word, so that a URL stays a URL. */
    static final String REDACTED_IN_TASK = "REDACTED";

    private final String secret;
    /** The forms the key takes in a task: as sent, percent-encoded in a URL, made a status word. */
    private final List<String> inTask;

    Redactor(String secret) {
        this.secret = secret;
        this.inTask = List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8),
                TaskStatus.of(secret).name()).stream().distinct().toList();
    }

    /**
     * {@code task} as it may be relayed to a client: the key, should the provider put it in a status or a generated
     * URL, replaced by {@value #REDACTED_IN_TASK}. A task whose id carries the key cannot be told apart from
     * another once it is out, so it is refused: {@link IllegalArgumentException}.
     */
    Task relayable(Task task) {
        if (inTask.stream().anyMatch(task.id().value()::contains)) {
            throw new IllegalArgumentException("the provider's task id carries the service's API key");
        }
        String status = withoutKey(task.status().name());
        List<URI> generated = task.generated().stream()
                .map(url -> {
                    String text = url.toString();
                    String clean = withoutKey(text);
                    return clean.equals(text) ? url : URI.create(clean);
                })
                .toList();
        return status.equals(task.status().name()) && generated.equals(task.generated()) ? task
                : new Task(task.id(), TaskStatus.of(status), generated);
    }

    private String withoutKey(String text) {
        String clean = text;
        for (String form : inTask) {
            clean = clean.replace(form, REDACTED_IN_TASK);
        }
        return clean;
    }

    /** The text with the key, should it ever appear in it, replaced. */
    String redacted(String text) {
        return text == null ? null : text.replace(secret, REDACTED);
    }

    /** The text redacted, on one line, cut to a length fit for a log line. */
    String loggable(String text) {
        return ProviderJson.oneLine(redacted(text), 4 * ProviderJson.MESSAGE_LIMIT);
    }

    /** The cause's class and message, redacted, on one line and cut short (it may quote what the provider sent). */
    String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? ""
                : " (" + ProviderJson.oneLine(redacted(message), ProviderJson.MESSAGE_LIMIT) + ")");
    }
}
