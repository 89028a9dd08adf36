package dev.motioncontrol.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the command line's exit status means, the same for every command: the one table that the help of each command
 * and the README list. A script can tell a task that failed (1) from a request that was refused (2) and from a service
 * it could not reach (5), and retry only what may succeed later.
 */
public enum ExitCode {

    /** The command did what it was asked: submitted, found, finished, saved, verified. */
    OK(0, "success"),
    /** The task ended FAILED. */
    TASK_FAILED(1, "the task FAILED"),
    /** The command line was wrong, or the request was refused as it stands (400: every violation is printed). */
    REJECTED(2, "usage error, or the request was rejected (400, every violation printed; 402, 413, 415, 422)"),
    /** The API key is missing or not accepted. */
    AUTHENTICATION(3, "authentication: the API key is missing or not accepted (401, 403)"),
    /** No such task for this key. */
    NOT_FOUND(4, "not found: no such task for this key (404)"),
    /** Nothing was refused, but the service or the provider could not answer now: trying again later may succeed. */
    UNAVAILABLE(5, "the service or the provider is unavailable, rate limited, or unreachable (429, 5xx, network)"),
    /** The task had not finished within the time given. */
    TIMED_OUT(6, "timed out waiting for the task to finish (--timeout)"),
    /** A webhook's signature, timestamp or headers did not verify. */
    NOT_VERIFIED(7, "verify-webhook: the webhook did not verify"),
    /** Something the command line did not expect: a bug, whose message is printed. */
    UNEXPECTED(8, "an unexpected error (a bug; its message is printed)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The process's exit status. */
    public int code() {
        return code;
    }

    /** What it means, in a few words. */
    public String meaning() {
        return meaning;
    }

    /** Every code with its meaning, in order: picocli's exit code list of every command's help. */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode exit : values()) {
            list.put(Integer.toString(exit.code), exit.meaning);
        }
        return list;
    }

    /** What an HTTP error status of the service (or of the provider) means to the command line. */
    static ExitCode ofHttpStatus(int status) {
        if (status == 401 || status == 403) {
            return AUTHENTICATION;
        }
        if (status == 404 || status == 410) {
            return NOT_FOUND;
        }
        if (status == 408 || status == 409 || status == 429 || status >= 500) {
            return UNAVAILABLE;
        }
        if (status >= 400) {
            return REJECTED;
        }
        return UNEXPECTED;
    }
}
