package io.filejobs.steplambdas;

import io.filejobs.core.job.JobStreamEvent;
import io.filejobs.core.job.JobValidationService;
import io.filejobs.core.job.ValidationRequest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Fed by the jobs table's DynamoDB stream: checks every job version written as PENDING and
 * records VALID or INVALID. Its own write of the outcome comes back through the stream and is
 * passed over, as it is no longer PENDING.
 */
public class ValidateJobFunction extends MicronautRequestHandler<JobStreamEvent, Integer> {

    @Inject
    JobValidationService validation;

    public ValidateJobFunction() {
    }

    public ValidateJobFunction(ApplicationContext context) {
        super(context);
    }

    /** Returns how many job versions were checked. */
    @Override
    public Integer execute(JobStreamEvent input) {
        var pending = input.pendingVersions();
        for (ValidationRequest request : pending) {
            validation.validate(request.jobId(), request.version());
        }
        return pending.size();
    }
}
