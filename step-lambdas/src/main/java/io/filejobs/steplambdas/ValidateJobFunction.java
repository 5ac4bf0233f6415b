package io.filejobs.steplambdas;

import io.filejobs.core.job.JobValidationService;
import io.filejobs.core.job.ValidationRequest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/** Checks one stored version of a job and records VALID or INVALID; invoked after each job write. */
public class ValidateJobFunction extends MicronautRequestHandler<ValidationRequest, Void> {

    @Inject
    JobValidationService validation;

    public ValidateJobFunction() {
    }

    public ValidateJobFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    public Void execute(ValidationRequest input) {
        validation.validate(input.jobId(), input.version());
        return null;
    }
}
