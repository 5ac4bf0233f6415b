package io.filejobs.app;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.job.Job;
import io.filejobs.core.job.JobDefinitionReader;
import io.filejobs.core.job.JobPage;
import io.filejobs.core.job.JobService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import java.net.URI;

/** The job routes. Bodies are read raw so every shape and type error is reported with its field. */
@Controller("/jobs")
public class JobController {

    private final JobService jobs;
    private final JobDefinitionReader reader;
    private final FileJobsConfiguration config;

    public JobController(JobService jobs, JobDefinitionReader reader, FileJobsConfiguration config) {
        this.jobs = jobs;
        this.reader = reader;
        this.config = config;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<Job> create(@Header(HttpHeaders.CONTENT_TYPE) @Nullable String contentType, @Body @Nullable byte[] body) {
        Job job = jobs.create(reader.read(checkedBody(contentType, body)));
        return HttpResponse.created(job, URI.create("/jobs/" + job.id())).header(HttpHeaders.ETAG, job.etag());
    }

    @Get
    public JobPage list(@QueryValue @Nullable String limit, @QueryValue @Nullable String cursor) {
        return jobs.list(Paging.limit(limit), Paging.cursor(cursor));
    }

    @Get("/{id}")
    public HttpResponse<Job> get(@PathVariable String id) {
        Job job = jobs.get(id);
        return HttpResponse.ok(job).header(HttpHeaders.ETAG, job.etag());
    }

    @Put("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public HttpResponse<Job> replace(@PathVariable String id, @Header(HttpHeaders.CONTENT_TYPE) @Nullable String contentType,
            @Body @Nullable byte[] body, @Header(HttpHeaders.IF_MATCH) @Nullable String ifMatch) {
        Job job = jobs.replace(id, reader.read(checkedBody(contentType, body)), ifMatch);
        return HttpResponse.ok(job).header(HttpHeaders.ETAG, job.etag());
    }

    @Delete("/{id}")
    public HttpResponse<Void> delete(@PathVariable String id, @Header(HttpHeaders.IF_MATCH) @Nullable String ifMatch) {
        jobs.delete(id, ifMatch);
        return HttpResponse.noContent();
    }

    private byte[] checkedBody(@Nullable String contentType, @Nullable byte[] body) {
        return JobBodies.read(contentType, body, config.getLimits().getMaxBodyBytes());
    }
}
