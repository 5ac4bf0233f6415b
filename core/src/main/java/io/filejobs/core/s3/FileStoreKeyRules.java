package io.filejobs.core.s3;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The keys the embedded S3 endpoint can hold. It keeps each object as a file at
 * {@code <dir>/<bucket>/<key>}, so a key is a file path: a key ending in '/' is a directory (written
 * with success, holding no bytes), empty, '.' and '..' segments are folded away (so two keys could
 * name one file), a segment is a file name of limited length (the store adds its own suffixes to
 * temporary and part files, which is why the limit is below the file system's 255 bytes), and a
 * key cannot be both a file and the directory of other keys.
 */
public final class FileStoreKeyRules implements StoreKeyRules {

    /** The longest key segment, in bytes of UTF-8, that a PutObject, a copy and a multipart upload all store. */
    public static final int MAX_SEGMENT_BYTES = 200;

    private final Path dir;

    public FileStoreKeyRules(Path dir) {
        this.dir = dir;
    }

    @Override
    public Optional<String> keyProblem(String key) {
        if (key.endsWith("/")) {
            return Optional.of("ends in '/': the embedded store keeps objects as files, and such a key is a directory that holds no bytes");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of(String.format("holds the control character U+%04X, which the embedded store cannot keep in a file name", (int) c));
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.of("has an empty segment ('//' or a leading '/'); the embedded store would fold it into another key");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("has a '" + segment + "' segment; the embedded store would resolve it to another key");
            }
            int bytes = segment.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_SEGMENT_BYTES) {
                return Optional.of("has a segment of " + bytes + " bytes between slashes; the embedded store keeps at most "
                        + MAX_SEGMENT_BYTES);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> destinationProblem(ObjectRef destination) {
        Path bucket = dir.resolve(destination.bucket());
        Path target = bucket.resolve(destination.key()).normalize();
        if (!target.startsWith(bucket)) {
            return keyProblem(destination.key());
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of("object " + destination + " cannot be written: the embedded store holds other objects under '"
                    + destination.key() + "/'");
        }
        for (Path parent = target.getParent(); parent != null && parent.startsWith(bucket) && !parent.equals(bucket);
                parent = parent.getParent()) {
            if (Files.isRegularFile(parent, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of("object " + destination + " cannot be written: the embedded store holds an object at '"
                        + bucket.relativize(parent).toString().replace('\\', '/') + "', and a key cannot be both an object and a folder of others");
            }
        }
        return Optional.empty();
    }
}
