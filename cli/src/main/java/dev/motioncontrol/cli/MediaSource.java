package dev.motioncontrol.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** What {@code --image} or {@code --video} names: a URL as it is, or a local file to serve under a URL of its own. */
record MediaSource(String url, Optional<Path> file) {

    static MediaSource of(String option, String value) {
        String lower = value.trim().toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            // As given: the service (or the library) judges the URL and says what is wrong with it.
            return new MediaSource(value.trim(), Optional.empty());
        }
        Path file;
        try {
            file = Path.of(value);
        } catch (InvalidPathException e) {
            throw new CommandFailure(ExitCode.REJECTED, option + ": " + value + " is neither an http(s) URL nor a file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CommandFailure(ExitCode.REJECTED,
                    option + ": " + value + " is neither an http(s) URL nor a readable file");
        }
        return new MediaSource(null, Optional.of(file));
    }

    boolean isFile() {
        return file.isPresent();
    }

    /** The URL to submit: the one given, or the file's on {@code server}. */
    String url(LocalMediaServer server) {
        return file.map(path -> server.serve(path).toString()).orElse(url);
    }
}
