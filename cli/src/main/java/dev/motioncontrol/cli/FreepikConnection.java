package dev.motioncontrol.cli;

import dev.motioncontrol.adapters.freepik.http.FreepikSettings;
import picocli.CommandLine.Option;

/** The options that send a submission straight to Freepik, through the library, instead of through a service. */
final class FreepikConnection {

    /** The variable that holds the Freepik API key: never an option, so that it is never on a command line. */
    static final String KEY_VARIABLE = "FREEPIK_API_KEY";
    /** The variable that names another root of the provider's API (Magnific's, or a stand-in). */
    static final String URL_VARIABLE = "FREEPIK_BASE_URL";

    @Option(names = "--freepik",
            description = "Straight to Freepik through the library, with the key in $" + KEY_VARIABLE + ", instead of "
                    + "through a service. Only submit can: the library keeps this run's tasks in memory, so status, "
                    + "list, watch and download need a service, which keeps them.")
    private boolean direct;

    @Option(names = "--freepik-base-url", paramLabel = "URL",
            description = "With --freepik: the provider's root. Default: $" + URL_VARIABLE + ", else "
                    + "https://api.freepik.com.")
    private String baseUrl;

    boolean direct() {
        return direct;
    }

    DirectToFreepik open(Invocation invocation) {
        String key = invocation.variable(KEY_VARIABLE).orElseThrow(() -> new CommandFailure(ExitCode.AUTHENTICATION,
                "no Freepik API key: set " + KEY_VARIABLE));
        FreepikSettings settings = FreepikSettings.freepik(key);
        String url = baseUrl != null ? baseUrl : invocation.variable(URL_VARIABLE).orElse(null);
        if (url != null) {
            settings = settings.withBaseUrl(ServiceConnection.baseUrl(url, "--freepik-base-url"));
        }
        return new DirectToFreepik(settings);
    }
}
