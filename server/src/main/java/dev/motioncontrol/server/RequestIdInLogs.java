package dev.motioncontrol.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.motioncontrol.adapters.http.AccessLog;
import java.util.Optional;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Puts the id of the request being handled (see {@link AccessLog#requestId()}) in the MDC as {@value #KEY} for each line
 * logged, and takes it out for a line logged outside any request, so that every line a request causes carries its id,
 * whichever module logs it. Vert.x runs many requests on one thread: the id lives with the request's Vert.x context,
 * not the thread, and is read from there at each line. Installed by {@code logback.xml}; it decides nothing.
 */
public final class RequestIdInLogs extends TurboFilter {

    /** The MDC key (and the JSON field under {@code mdc}) of the request id. */
    public static final String KEY = "request_id";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable t) {
        if (level != null && !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            return FilterReply.NEUTRAL;
        }
        Optional<String> id = AccessLog.requestId();
        if (id.isPresent()) {
            MDC.put(KEY, id.get());
        } else {
            MDC.remove(KEY);
        }
        return FilterReply.NEUTRAL;
    }
}
