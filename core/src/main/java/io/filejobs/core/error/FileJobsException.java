package io.filejobs.core.error;

import java.util.List;

/** A refusal with a stable code: the API turns it into a problem response with that code's status. */
public class FileJobsException extends RuntimeException {

    private final ErrorCode code;
    private final List<FieldError> errors;

    public FileJobsException(ErrorCode code, String detail) {
        this(code, detail, List.of(), null);
    }

    public FileJobsException(ErrorCode code, String detail, List<FieldError> errors, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public static FileJobsException validation(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid; see errors";
        return new FileJobsException(ErrorCode.VALIDATION_FAILED, detail, errors, null);
    }

    public static FileJobsException jobNotFound(String jobId) {
        return new FileJobsException(ErrorCode.JOB_NOT_FOUND, "no job with id '" + jobId + "'");
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
