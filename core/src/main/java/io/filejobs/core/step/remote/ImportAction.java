package io.filejobs.core.step.remote;

import io.filejobs.core.job.StepFields;
import io.filejobs.core.job.StepRules;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.ObjectAccess;
import io.filejobs.core.step.ObjectCounts;
import io.filejobs.core.step.ObjectRecord;
import io.filejobs.core.step.PlanContext;
import io.filejobs.core.step.S3Objects;
import io.filejobs.core.step.StepAction;
import io.filejobs.core.step.StepContext;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.step.StepOutcome;
import io.filejobs.core.step.StepsConfiguration;
import io.filejobs.core.step.set.Glob;
import io.filejobs.core.step.set.ObjectSelector;
import io.filejobs.core.step.set.ObjectSetRunner;
import io.filejobs.core.template.Template;
import io.filejobs.core.template.TemplateValues;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IMPORT: pulls files from an FTPS or SFTP server into S3. The files of the url's directory whose
 * names match its last segment are taken in path order; each is streamed to the object its
 * destination names ({@link RemoteToS3}), the object is checked, the file recorded in the step's
 * per-object ledger (under its remote address, credentials never part of it), and only then, with
 * {@code deleteRemote}, deleted on the server. A file whose object already came from it unchanged
 * (same address, size and modification time, kept in the object's metadata) is not imported again.
 * A step that runs out of time continues in its next invocation, mid-file where the server can
 * resume a read. A failure (a dropped connection: REMOTE_UNAVAILABLE, tried again) leaves no
 * upload behind and no file deleted that is not safely in S3.
 */
@Singleton
public class ImportAction implements StepAction<ImportSpec> {

    private static final Logger LOG = LoggerFactory.getLogger(ImportAction.class);

    public static final String NAME = "IMPORT";
    static final String EXAMPLE = "{\"url\": \"sftp://files.example.com/out/*.dat\", \"credentials\": \"partner-a\", \"hostKey\": \"SHA256:...\"}";
    /** The object's metadata that says which remote file it came from, as it was then. */
    static final String FROM = "filejobs-remote";
    static final String FROM_SIZE = "filejobs-remote-size";
    static final String FROM_MODIFIED = "filejobs-remote-modified";

    private final RemoteConnector connector;
    private final RemoteConfiguration config;
    private final RemoteToS3 uploader;
    private final S3Objects objects;
    private final ObjectSetRunner sets;
    private final StepsConfiguration steps;
    private final Clock clock;

    public ImportAction(RemoteConnector connector, RemoteConfiguration config, RemoteToS3 uploader, S3Objects objects, ObjectSetRunner sets,
            StepsConfiguration steps, Clock clock) {
        this.connector = connector;
        this.config = config;
        this.uploader = uploader;
        this.objects = objects;
        this.sets = sets;
        this.steps = steps;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<ImportSpec> specType() {
        return ImportSpec.class;
    }

    @Override
    public List<String> fields() {
        return List.of("source", "destination", "deleteRemote", "ifEmpty");
    }

    @Override
    public ImportSpec read(StepFields fields) {
        RemoteServer source = RemoteServer.read(fields, "source", EXAMPLE);
        JsonNode delete = fields.node("deleteRemote");
        if (delete != null && !delete.isNull() && !delete.isBoolean()) {
            fields.error("deleteRemote", "must be true or false");
        }
        return new ImportSpec(source, fields.string("destination"), delete != null && delete.isBoolean() && delete.getBooleanValue(),
                fields.node("ifEmpty") == null ? null
                : fields.enumValue("ifEmpty", ObjectSelector.IfEmpty.class, ObjectSelector.IfEmpty.FAIL));
    }

    @Override
    public void validate(ImportSpec spec, StepRules rules) {
        RemoteUrl url = spec.source() == null ? null : spec.source().validate("source", rules, config, EXAMPLE);
        if (spec.source() == null) {
            rules.error("source", "is required for IMPORT: an object such as " + EXAMPLE);
        }
        if (url != null) {
            url.globProblem().ifPresent(problem -> rules.error("source.url", problem));
            if (url.isDirectory()) {
                rules.error("source.url", "ends with '/'; name the files to import, such as " + url.path() + "*.dat");
            }
        }
        Template destination = rules.objectSetTemplate("destination", spec.destination());
        if (destination != null && url != null && isGlob(url.name())
                && !(destination.uses("key") || destination.uses("relativeKey") || destination.uses("basename")
                || destination.uses("stem") && destination.uses("ext"))) {
            rules.error("destination", "would send every file the url selects to one key; name each with {basename}, such as"
                    + " landing/partner-a/{basename}");
        }
    }

    static boolean isGlob(String name) {
        return name.contains("*") || name.contains("?");
    }

    @Override
    public ImportSpec resolve(ImportSpec spec, TemplateValues values) {
        // The destination stays a template of each file ({basename}, ...); what the run decides is filled in.
        return new ImportSpec(spec.source().withUrl(Template.parse(spec.source().url()).render(values)),
                Template.parseForObjects(spec.destination()).fillRun(values), spec.deleteRemote(), spec.ifEmpty());
    }

    @Override
    public List<ObjectAccess> accesses(ImportSpec spec) {
        return List.of(ObjectAccess.writeEach("destination", spec.destination().substring(0, spec.destination().indexOf('/'))));
    }

    @Override
    public List<NamedTarget> writes(ImportSpec spec) {
        return List.of(new NamedTarget("destination", spec.destination()));
    }

    @Override
    public void plan(ImportSpec spec, PlanContext plan) {
        RemoteUrl url = spec.source().address();
        if (!config.allows(url.host())) {
            plan.fail(StepErrorCode.HOST_NOT_ALLOWED, RemoteServer.hostProblem(url.host(), config));
            return;
        }
        plan.warn("IMPORT reads " + url + " only when it runs: which files it finds there, and their sizes, are known then");
    }

    /** Where a remote file goes: the destination template filled with the file's path and name. */
    private static ObjectRef destinationOf(ImportSpec spec, RemoteFiles.RemoteFile file, TemplateValues values) {
        String name = Template.parseForObjects(spec.destination()).render(values.withObject(file.path().substring(1), file.name()));
        try {
            return ObjectRef.parse(name);
        } catch (IllegalArgumentException e) {
            throw new StepFailure(StepErrorCode.KEY_NOT_SUPPORTED, "file " + file.path() + " would go to '" + name + "', which " + e.getMessage());
        }
    }

    @Override
    public StepOutcome execute(ImportSpec spec, StepContext context) {
        RemoteUrl url = spec.source().address();
        ImportProgress progress = context.continuation(ImportProgress.class).orElse(ImportProgress.START);
        Instant deadline = clock.instant().plus(steps.getSetTimeBudget());
        Map<String, ObjectRecord> earlier = earlier(context, progress);
        String startedAfter = progress.after();
        try (RemoteFiles remote = connector.open(spec.source())) {
            Glob glob = Glob.of(url.name());
            List<RemoteFiles.RemoteFile> files = new ArrayList<>(remote.list(url.directory()).stream()
                    .filter(f -> glob.matches(f.name())).toList());
            files.sort(Comparator.comparing(RemoteFiles.RemoteFile::path));
            Set<String> listed = files.stream().map(RemoteFiles.RemoteFile::path).collect(Collectors.toSet());
            if (files.isEmpty() && progress.counts().total() == 0) {
                return empty(spec, url);
            }
            long bytes = progress.bytes();
            ObjectCounts counts = progress.counts();
            ImportProgress.Upload current = progress.current();
            // Every invocation handles at least one file, or one part of one, however little time it has.
            int handledHere = 0;
            for (RemoteFiles.RemoteFile file : files) {
                if (file.path().compareTo(progress.after()) <= 0) {
                    continue;
                }
                String source = url.file(file.name()).toString();
                ObjectRecord before = earlier.get(source);
                if (before != null && before.done()) {
                    counts = counts.plus(before.status());
                    bytes += before.bytes();
                    progress = new ImportProgress(file.path(), bytes, counts, null);
                    continue;
                }
                if (handledHere > 0 && !clock.instant().isBefore(deadline)) {
                    return StepOutcome.continueWith(bytes, progress).withObjects(counts);
                }
                handledHere++;
                int attempt = before == null ? 1 : before.attempts() + 1;
                ImportProgress.Upload resume = current != null && current.path().equals(file.path()) && current.size() == file.size()
                        && current.modified() == file.modified() ? current : null;
                if (current != null && resume == null) {
                    objects.abortQuietly(new ObjectRef(current.bucket(), current.key()), current.uploadId());
                }
                current = null;
                ObjectRecord record;
                try {
                    Imported imported = importOne(spec, remote, file, source, context, deadline, resume);
                    if (imported.paused() != null) {
                        return StepOutcome.continueWith(bytes, new ImportProgress(progress.after(), bytes, counts, imported.paused()))
                                .withObjects(counts);
                    }
                    record = new ObjectRecord(source, imported.status(), imported.bytes(), List.of(imported.destination().toString()), attempt,
                            now(), null);
                } catch (StepFailure failure) {
                    context.objects().record(List.of(new ObjectRecord(source, ObjectRecord.FAILED, 0, List.of(), attempt, now(),
                            new ObjectRecord.Error(failure.code().name(), failure.getMessage()))));
                    throw failure;
                }
                context.objects().record(List.of(record));
                counts = counts.plus(record.status());
                bytes += record.bytes();
                progress = new ImportProgress(file.path(), bytes, counts, null);
            }
            // Files an earlier, failed attempt imported and deleted are no longer listed; the ledger has them.
            for (ObjectRecord record : earlier.values()) {
                String path = record.source().substring(url.origin().length());
                if (record.done() && path.compareTo(startedAfter) > 0 && !listed.contains(path)) {
                    counts = counts.plus(record.status());
                    bytes += record.bytes();
                }
            }
            if (current != null) {
                // The file being uploaded is gone from the server (another run took it, or it was replaced).
                objects.abortQuietly(new ObjectRef(current.bucket(), current.key()), current.uploadId());
            }
            if (counts.total() == 0) {
                return empty(spec, url);
            }
            LOG.info("IMPORT from {} done: {} files, {} imported, {} already there, {} bytes", url, counts.total(), counts.succeeded(),
                    counts.skipped(), bytes);
            return StepOutcome.done(bytes).withObjects(counts);
        }
    }

    /** What a retried step's earlier attempts recorded, by remote address: the files done are not imported twice. */
    private static Map<String, ObjectRecord> earlier(StepContext context, ImportProgress progress) {
        Map<String, ObjectRecord> earlier = new HashMap<>();
        if (context.retry() || progress != ImportProgress.START) {
            context.objects().recorded("", null, record -> earlier.put(record.source(), record));
        }
        return earlier;
    }

    private StepOutcome empty(ImportSpec spec, RemoteUrl url) {
        String none = "no file in " + url.directory() + " on " + url.host() + " matches '" + url.name() + "'";
        if (!isGlob(url.name())) {
            throw new StepFailure(StepErrorCode.REMOTE_NOT_FOUND, "file " + url.path() + " does not exist on " + url.host());
        }
        return switch (spec.whenEmpty()) {
            case FAIL -> throw new StepFailure(StepErrorCode.NO_OBJECTS, none + "; the step's ifEmpty is FAIL");
            case SKIP -> StepOutcome.skipRun(none + "; the step's ifEmpty is SKIP");
            case CONTINUE -> StepOutcome.done(0).withObjects(ObjectCounts.NONE);
        };
    }

    /** What importing one file came to: imported, found already there, or paused mid-file. */
    private record Imported(String status, long bytes, ObjectRef destination, ImportProgress.Upload paused) {
    }

    private Imported importOne(ImportSpec spec, RemoteFiles remote, RemoteFiles.RemoteFile file, String source, StepContext context,
            Instant deadline, ImportProgress.Upload resume) {
        ObjectRef destination = destinationOf(spec, file, context.values());
        sets.requireWritable(destination);
        Map<String, String> metadata = Map.of(FROM, ascii(source), FROM_SIZE, Long.toString(file.size()),
                FROM_MODIFIED, Long.toString(file.modified()));
        String status = ObjectRecord.SKIPPED;
        if (resume != null || !alreadyThere(destination, file, metadata)) {
            RemoteToS3.Result result = uploader.put(remote, file, destination, metadata, context.journal(), deadline, resume);
            if (result.paused() != null) {
                return new Imported(null, 0, destination, result.paused());
            }
            status = ObjectRecord.SUCCEEDED;
            LOG.info("imported {} ({} bytes) to {}", source, file.size(), destination);
        }
        if (spec.deleteRemote()) {
            remote.delete(file.path());
        }
        return new Imported(status, ObjectRecord.SUCCEEDED.equals(status) ? file.size() : 0, destination, null);
    }

    /** Whether the object already holds this file as it is now: it came from the same address, with the same size and time. */
    private boolean alreadyThere(ObjectRef destination, RemoteFiles.RemoteFile file, Map<String, String> metadata) {
        Optional<S3Objects.StoredObject> existing = objects.head(destination);
        if (existing.isEmpty() || existing.get().size() != file.size() || existing.get().head() == null) {
            return false;
        }
        Map<String, String> kept = existing.get().head().metadata();
        return metadata.entrySet().stream().allMatch(e -> e.getValue().equals(kept.get(e.getKey())));
    }

    /** A remote address as metadata can carry it: printable ASCII, anything else percent-encoded. */
    static String ascii(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    @Override
    public void abandon(ImportSpec spec, StepContext context) {
        context.continuation(ImportProgress.class).map(ImportProgress::current).ifPresent(upload ->
                objects.abortQuietly(new ObjectRef(upload.bucket(), upload.key()), upload.uploadId()));
    }
}
