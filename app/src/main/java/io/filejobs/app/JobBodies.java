package io.filejobs.app;

import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.error.FileJobsException;
import io.micronaut.core.annotation.Nullable;

/** The checks on a JSON body (a job definition: POST and PUT /jobs, POST /plan; a callback), before it is read. */
final class JobBodies {

    private JobBodies() {
    }

    /**
     * The body, once it is known to be JSON (a body without a Content-Type is not taken for JSON:
     * the framework would accept it as such) and at most {@code maxBytes} long.
     */
    static byte[] read(@Nullable String contentType, @Nullable byte[] body, int maxBytes) {
        if (contentType == null && body != null && body.length > 0) {
            throw new FileJobsException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the body with the header Content-Type: application/json");
        }
        if (body != null && body.length > maxBytes) {
            throw new FileJobsException(ErrorCode.PAYLOAD_TOO_LARGE, "the body is " + body.length + " bytes; at most " + maxBytes + " are accepted");
        }
        return body;
    }
}
