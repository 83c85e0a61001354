package dev.datomickit.deploycheck;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Reads the files deploy-check checks: regular files only, of at most {@value #LIMIT_TEXT} each. A
 * named pipe would block the read until something writes to it, a device such as
 * {@code /dev/zero} never ends, and a huge file would exhaust the heap: each is refused before it
 * is opened, with one line naming the file.
 */
final class InputFiles {

    /** The most bytes read from one file. */
    static final int LIMIT = 1024 * 1024;
    static final String LIMIT_TEXT = "1 MiB";

    private InputFiles() {}

    /**
     * The text of {@code file}, or empty if it does not exist.
     *
     * @throws InputException if it is not a regular file, is larger than {@value #LIMIT_TEXT},
     *     cannot be read, or is not text in {@code charset}
     */
    static Optional<String> readIfPresent(Path file, String shown, Charset charset) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class); // follows links; never opens the file
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InputException(shown + ": cannot be read (" + reason(e) + ")");
        }
        if (attributes.isDirectory()) {
            throw new InputException(shown + ": is a directory, not a file");
        }
        if (!attributes.isRegularFile()) {
            throw new InputException(shown + ": is not a regular file (a named pipe, a device or a socket);"
                    + " deploy-check reads regular files only");
        }
        if (attributes.size() > LIMIT) {
            throw tooLarge(shown);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(LIMIT + 1); // the file may have grown since its size was read
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InputException(shown + ": cannot be read (" + reason(e) + ")");
        }
        if (bytes.length > LIMIT) {
            throw tooLarge(shown);
        }
        try {
            return Optional.of(charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            throw new InputException(shown + ": not " + charset.name() + " text");
        }
    }

    /**
     * The text of {@code file}, which must exist.
     *
     * @throws InputException as {@link #readIfPresent}, or if the file does not exist
     */
    static String read(Path file, String shown, Charset charset) {
        return readIfPresent(file, shown, charset).orElseThrow(() -> new InputException(shown + ": no such file"));
    }

    /** Whether something exists at {@code file} (a file, a directory, a pipe, a device). */
    static boolean exists(Path file) {
        return Files.exists(file);
    }

    private static InputException tooLarge(String shown) {
        return new InputException(shown + ": larger than " + LIMIT_TEXT + ", the most deploy-check reads of one file;"
                + " a deploy file, secrets file or transactor properties file is a few kilobytes");
    }

    /** What the operating system said, without Java's exception names. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String reason = e instanceof FileSystemException fileSystem ? fileSystem.getReason() : e.getMessage();
        return reason == null || reason.isBlank() ? "an input/output error" : reason;
    }
}
