package dev.motioncontrol.server;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.util.Locale;

/**
 * The console's encoder, as {@code LOG_FORMAT} chooses (set by {@code logback.xml}): {@code text}, a line of
 * {@value #TEXT_PATTERN}, or {@code json}, one object per line from Logback's own {@link JsonEncoder} (the request id
 * under {@code mdc}, the access log's fields under {@code kvpList}). One encoder that delegates, rather than two
 * appenders of which one is left unused: Logback prints its whole status at start for an appender left unused.
 */
public final class LogFormat extends EncoderBase<ILoggingEvent> {

    /** The text format: time, level, logger, the request id when there is one, the message. */
    static final String TEXT_PATTERN =
            "%d{HH:mm:ss.SSS} %-5level %logger{0}%replace( [%X{" + RequestIdInLogs.KEY + "}]){' \\[\\]', ''} - %msg%n";

    private String format = "text";
    private Encoder<ILoggingEvent> delegate;

    /** {@code text} or {@code json}; anything else falls back to text (ServerConfig refuses it at start). */
    public void setFormat(String format) {
        this.format = format == null ? "text" : format.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public void start() {
        if (format.equals("json")) {
            JsonEncoder json = new JsonEncoder();
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithArguments(false);
            json.setWithMessage(false);
            json.setWithFormattedMessage(true);
            delegate = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(TEXT_PATTERN);
            delegate = text;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
