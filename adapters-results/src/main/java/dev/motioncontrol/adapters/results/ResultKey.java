package dev.motioncontrol.adapters.results;

import dev.motioncontrol.application.ResultCopies.StoredVideo;
import java.nio.file.Path;

/**
 * A key a result store is asked for, checked: {@code <task id>/<index>.<extension>}, as
 * {@link StoredVideo#isKey} says. Its first part has no dot and its second no slash, so it names a file two levels
 * below a store's root and never a path outside it, nor the root's staging directory.
 */
record ResultKey(String value) {

    ResultKey {
        if (!StoredVideo.isKey(value)) {
            throw new IllegalArgumentException("a result key is <task id>/<index>.<extension>");
        }
    }

    /** The file this key names below {@code root}. */
    Path in(Path root) {
        return root.resolve(value);
    }
}
