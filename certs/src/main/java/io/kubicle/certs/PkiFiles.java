package io.kubicle.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * File I/O for PEM files, the only file-system code of this module. Writes go to a temporary
 * file in the same directory that is synced and then moved into place, so a crash never leaves a
 * half-written key or certificate; private keys get mode 0600 from the moment they exist.
 */
final class PkiFiles {
    private static final String PRIVATE = "rw-------";
    private static final String PUBLIC = "rw-r--r--";
    private static final String PRIVATE_DIRECTORY = "rwx------";

    private PkiFiles() {
    }

    /** Creates the directory (mode 0700 where supported) unless it exists; existing modes are left alone. */
    static void createDirectory(Path directory) {
        try {
            if (Files.isDirectory(directory)) {
                return;
            }
            Path parent = directory.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                if (supportsPosix(parent)) {
                    Files.createDirectory(directory, permissions(PRIVATE_DIRECTORY));
                } else {
                    Files.createDirectory(directory);
                }
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(directory)) {
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create PKI directory " + directory, e);
        }
    }

    /** The file's text, or empty if it does not exist. */
    static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static void writeCertificate(Path file, String pem) {
        writeAtomically(file, pem, PUBLIC);
    }

    static void writePrivateKey(Path file, String pem) {
        writeAtomically(file, pem, PRIVATE);
    }

    private static void writeAtomically(Path file, String content, String mode) {
        Path directory = file.toAbsolutePath().getParent();
        boolean posix = supportsPosix(directory);
        Path temporary = null;
        try {
            temporary = posix
                    ? Files.createTempFile(directory, "." + file.getFileName(), ".tmp", permissions(PRIVATE))
                    : Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(mode));
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    private static boolean supportsPosix(Path directory) {
        try {
            return directory != null && Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class);
        } catch (IOException e) {
            return false;
        }
    }

    private static FileAttribute<?> permissions(String mode) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // Best effort: a leftover hidden .tmp file is harmless.
        }
    }
}
