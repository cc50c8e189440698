package io.kubicle.apiserver.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file that holds credentials: readable by its owner only from the first byte (the temporary
 * file is created 0600 before anything is written), then moved into place so that readers never see
 * half a kubeconfig.
 */
final class PrivateFile {
    private PrivateFile() {
    }

    /** Fails unless {@code target} can be written: its directory exists and it is no directory itself. */
    static void checkWritable(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CliFailure("cannot write " + target + ": directory " + dir + " does not exist");
        }
        if (Files.isDirectory(target)) {
            throw new CliFailure("cannot write " + target + ": it is a directory");
        }
        if (!Files.isWritable(dir)) {
            throw new CliFailure("cannot write " + target + ": directory " + dir + " is not writable");
        }
    }

    static void write(Path target, String text) {
        checkWritable(target);
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = null;
        try {
            tmp = createOwnerOnly(dir);
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CliFailure("cannot write " + target + ": " + e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the move normally consumed it
                }
            }
        }
    }

    private static Path createOwnerOnly(Path dir) throws IOException {
        try {
            return Files.createTempFile(dir, ".kubeconfig", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(dir, ".kubeconfig", ".tmp"); // not a POSIX file system
        }
    }
}
