package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.domain.Task;
import dev.motioncontrol.domain.TaskStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keeps the upstream key out of every text this client produces (failure messages, log lines, descriptions of
 * exceptions) and out of every task it hands on ({@link #relayable}). Also puts those texts on one line and cuts
 * them short, so that neither a forged log line nor a megabyte of answer comes out of them.
 */
final class Redactor {

    static final String REDACTED = "[redacted]";
    /** What takes the key's place in a task relayed to clients: a word, so that a URL stays a URL. */
    static final String REDACTED_IN_TASK = "REDACTED";

    /** The shortest piece of the key, cut off at a status's end, that is taken out too. */
    private static final int SHORTEST_PIECE = 4;

    private final String secret;
    /** The key as a status word ({@link TaskStatus#of}): what it becomes in a status. */
    private final String inStatus;
    /** The forms the key takes in a text: as sent, percent-encoded in a URL. */
    private final List<String> inText;
    /** The forms the key takes in a task: those, and made a status word. */
    private final List<String> inTask;

    Redactor(String secret) {
        this.secret = secret;
        this.inStatus = TaskStatus.of(secret).name();
        this.inText = Stream.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8)).distinct().toList();
        this.inTask = Stream.concat(inText.stream(), Stream.of(inStatus)).distinct().toList();
    }

    /**
     * {@code task} as it may be relayed to a client, should the provider have put the key in it:
     * <ul>
     *   <li>in its status, the key (as a status word) is replaced by {@value #REDACTED_IN_TASK}, and so is a piece of
     *       it at the status's end, where a status too long was cut;</li>
     *   <li>in a generated URL, the key as sent or percent-encoded is replaced; a URL that still holds it once
     *       decoded (encoded some other way) cannot be relayed;</li>
     *   <li>a task whose id carries it cannot be told apart from another once it is out.</li>
     * </ul>
     * What cannot be relayed is refused: {@link IllegalArgumentException}, naming neither the key nor the URL.
     */
    Task relayable(Task task) {
        if (inTask.stream().anyMatch(task.id().value()::contains)) {
            throw new IllegalArgumentException("the provider's task id carries the service's API key");
        }
        String status = withoutCutPiece(withoutKey(task.status().name()));
        List<URI> generated = new ArrayList<>(task.generated().size());
        for (URI url : task.generated()) {
            String text = url.toString();
            String clean = withoutKey(text);
            URI relayed = clean.equals(text) ? url : URI.create(clean);
            String decoded = relayed.getSchemeSpecificPart() + "#" + relayed.getFragment();
            if (decoded.contains(secret)) {
                throw new IllegalArgumentException("a generated URL carries the service's API key, encoded");
            }
            generated.add(relayed);
        }
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

    /**
     * {@code status} without a piece of the key at its end, where {@link TaskStatus#of} cut a long status; a
     * documented status is left as it is (no key was cut off in it).
     */
    private String withoutCutPiece(String status) {
        if (TaskStatus.of(status).isKnown()) {
            return status;
        }
        for (int length = Math.min(inStatus.length() - 1, status.length()); length >= SHORTEST_PIECE; length--) {
            if (status.endsWith(inStatus.substring(0, length))) {
                return status.substring(0, status.length() - length) + REDACTED_IN_TASK;
            }
        }
        return status;
    }

    /** The text with the key, should it ever appear in it (as it is, or percent-encoded in a URL), replaced. */
    String redacted(String text) {
        if (text == null) {
            return null;
        }
        String clean = text;
        for (String form : inText) {
            clean = clean.replace(form, REDACTED);
        }
        return clean;
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
