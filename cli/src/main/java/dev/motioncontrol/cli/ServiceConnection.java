package dev.motioncontrol.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The options that name a running service and the caller's key for it; mixed into each command that talks to one. */
final class ServiceConnection {

    /** The variable that names the service when {@code --base-url} does not. */
    static final String URL_VARIABLE = "MOTION_CONTROL_URL";
    /** The variable that holds the API key when {@code --api-key} does not. */
    static final String KEY_VARIABLE = "MOTION_CONTROL_API_KEY";
    static final String DEFAULT_URL = "http://localhost:8080";

    @Option(names = "--base-url", paramLabel = "URL",
            description = "The service's base URL. Default: $" + URL_VARIABLE + ", else " + DEFAULT_URL + ". Any "
                    + "server of the provider's API will do (the provider's own, with its key): without the service's "
                    + "live status stream, a wait polls.")
    private String baseUrl;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "The API key the service knows you by. Default: $" + KEY_VARIABLE + " (better: an argument "
                    + "is visible to the machine's other users). Never printed.")
    private String apiKey;

    /** The service these options name, with its key; a usage failure when they name none that can be used. */
    RunningService open(Invocation invocation) {
        String url = baseUrl != null ? baseUrl : invocation.variable(URL_VARIABLE).orElse(DEFAULT_URL);
        String key = apiKey != null && !apiKey.isBlank() ? apiKey : invocation.variable(KEY_VARIABLE)
                .orElseThrow(() -> new CommandFailure(ExitCode.AUTHENTICATION,
                        "no API key: set " + KEY_VARIABLE + " or give --api-key"));
        return new RunningService(baseUrl(url, "--base-url"), key);
    }

    /** {@code text} as a service's root: {@code http} or {@code https}, a host, no credentials, query nor fragment. */
    static URI baseUrl(String text, String option) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new CommandFailure(ExitCode.REJECTED, option + ": not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new CommandFailure(ExitCode.REJECTED, option + ": an http or https URL with a host is needed");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            // Credentials in a URL end up in messages; the key goes in its own option.
            throw new CommandFailure(ExitCode.REJECTED,
                    option + ": a base URL has no credentials, query nor fragment");
        }
        return uri;
    }
}
