package io.gitopspipeline.artifact;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The gzip-compressed tar of an artifact's directory. Built reproducibly: entries sorted by path,
 * owner 0:0 without names, mode 0644 (files) and 0755 (directories), mtime 0, and a gzip header
 * without time or name, so the same files always give the same bytes. Read strictly: only regular
 * files and directories, every path relative and inside the target, sizes bounded while reading.
 *
 * <p>Hand-written (ustar with PAX long names) rather than a library: the format needed is small,
 * and the reader must refuse far more than general-purpose archive libraries do.
 */
final class Tarball {
  static final int BLOCK = 512;
  static final int MAX_ENTRIES = 50_000;
  private static final int FILE_MODE = 0644;
  private static final int DIR_MODE = 0755;

  private Tarball() {}

  /** Limits for reading an archive. */
  record Limits(long maxBytes, int maxEntries) {}

  /**
   * The archive of {@code dir}'s regular files and directories.
   *
   * @throws InvalidInputException when the directory holds a link or a special file, or more than
   *     {@code maxBytes} of content
   */
  static byte[] build(Path dir, long maxBytes) throws GitOpsException {
    TreeMap<String, Path> entries = new TreeMap<>();
    List<String> refused = new ArrayList<>();
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              if (!d.equals(dir)) {
                entries.put(relative(dir, d) + "/", d);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()) {
                entries.put(relative(dir, f), f);
              } else {
                refused.add(relative(dir, f));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new GitOpsException("could not read " + dir + ": " + e.getMessage());
    }
    if (!refused.isEmpty()) {
      throw new InvalidInputException(
          "refusing to pack links or special files from "
              + dir
              + " (an artifact holds regular files and directories only): "
              + String.join(", ", refused.stream().limit(20).toList()));
    }
    if (entries.size() > MAX_ENTRIES) {
      throw new InvalidInputException(
          dir + " holds " + entries.size() + " entries; an artifact holds at most " + MAX_ENTRIES);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long total = 0;
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      for (var e : entries.entrySet()) {
        boolean directory = e.getKey().endsWith("/");
        byte[] content = directory ? new byte[0] : Files.readAllBytes(e.getValue());
        total += content.length;
        if (total > maxBytes) {
          throw new InvalidInputException(
              dir + " holds more than " + maxBytes + " bytes; too large for an artifact");
        }
        writeEntry(gzip, e.getKey(), directory, content);
      }
      gzip.write(new byte[2 * BLOCK]);
    } catch (IOException e) {
      throw new GitOpsException("could not pack " + dir + ": " + e.getMessage());
    }
    return bytes.toByteArray();
  }

  private static String relative(Path root, Path p) {
    return root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
  }

  private static void writeEntry(OutputStream out, String name, boolean directory, byte[] content)
      throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 100) {
      // A PAX extended header carries the full path; the ustar name is a readable stand-in.
      byte[] record = paxRecord("path", name);
      out.write(header("PaxHeaders/" + tail(name), 'x', 0644, record.length));
      out.write(record);
      pad(out, record.length);
    }
    out.write(
        header(
            nameBytes.length > 100 ? tail(name) : name,
            directory ? '5' : '0',
            directory ? DIR_MODE : FILE_MODE,
            content.length));
    out.write(content);
    pad(out, content.length);
  }

  /** An ASCII stand-in of at most 90 bytes for a long name; readers use the PAX path. */
  private static String tail(String name) {
    String ascii = name.replaceAll("[^A-Za-z0-9._/-]", "_");
    return ascii.length() <= 90 ? ascii : ascii.substring(ascii.length() - 90);
  }

  private static byte[] paxRecord(String key, String value) {
    String body = " " + key + "=" + value + "\n";
    int bodyLength = body.getBytes(StandardCharsets.UTF_8).length;
    int length = bodyLength + 1;
    while (String.valueOf(length).length() + bodyLength != length) {
      length = String.valueOf(length).length() + bodyLength;
    }
    return (length + body).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] header(String name, char type, int mode, long size) {
    byte[] h = new byte[BLOCK];
    put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
    octal(h, 100, 8, mode);
    octal(h, 108, 8, 0); // uid
    octal(h, 116, 8, 0); // gid
    octal(h, 124, 12, size);
    octal(h, 136, 12, 0); // mtime
    h[156] = (byte) type;
    put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
    octal(h, 329, 8, 0); // devmajor
    octal(h, 337, 8, 0); // devminor
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    byte[] chk = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
    put(h, 148, 6, chk);
    h[154] = 0;
    h[155] = ' ';
    return h;
  }

  private static void put(byte[] h, int off, int len, byte[] value) {
    System.arraycopy(value, 0, h, off, Math.min(len, value.length));
  }

  private static void octal(byte[] h, int off, int len, long value) {
    String text = String.format("%0" + (len - 1) + "o", value);
    put(h, off, len - 1, text.getBytes(StandardCharsets.US_ASCII));
    h[off + len - 1] = 0;
  }

  private static void pad(OutputStream out, long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(new byte[BLOCK - rest]);
    }
  }

  // ---- reading ----

  /** A file or directory read from an archive, by its relative path. */
  record Entry(String path, boolean directory, byte[] content) {}

  /**
   * Every entry of a gzip-compressed tar, checked: only files and directories, each path relative
   * and without {@code ..}, no duplicates, the content within {@code limits}.
   *
   * @throws GitOpsException naming the offending entry
   */
  static List<Entry> read(byte[] gz, Limits limits) throws GitOpsException {
    List<Entry> entries = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    long total = 0;
    try (InputStream in =
        new Bounded(
            new GZIPInputStream(new ByteArrayInputStream(gz)),
            limits.maxBytes() + (3L * limits.maxEntries() + 16) * BLOCK)) {
      String paxPath = null;
      while (true) {
        byte[] h = in.readNBytes(BLOCK);
        if (h.length < BLOCK) {
          throw refuse("it ends inside a header");
        }
        if (allZero(h)) {
          return entries;
        }
        checkChecksum(h);
        char type = (char) h[156];
        long size = number(h, 124, 12);
        String name = string(h, 0, 100);
        String prefix = string(h, 345, 155);
        if (!prefix.isEmpty() && "ustar".equals(string(h, 257, 5))) {
          name = prefix + "/" + name;
        }
        if (type == 'x' || type == 'g') {
          if (size > 1024 * 1024) {
            throw refuse("its PAX header for '" + printable(name) + "' is oversized");
          }
          byte[] data = readData(in, size);
          if (type == 'x') {
            paxPath = paxValue(data, "path");
            if (paxValue(data, "size") != null) {
              throw refuse("PAX size overrides are not supported ('" + printable(name) + "')");
            }
          }
          continue;
        }
        if (paxPath != null) {
          name = paxPath;
          paxPath = null;
        }
        if (type != '0' && type != '\0' && type != '5') {
          throw refuse(
              "entry '"
                  + printable(name)
                  + "' is "
                  + switch (type) {
                    case '1' -> "a hard link";
                    case '2' -> "a symbolic link";
                    case '3', '4' -> "a device file";
                    case '6' -> "a FIFO";
                    default -> "of unsupported type '" + printable(String.valueOf(type)) + "'";
                  }
                  + "; an artifact may hold regular files and directories only");
        }
        String path = checkedPath(name);
        if (!seen.add(path)) {
          throw refuse("entry '" + printable(path) + "' appears twice");
        }
        if (entries.size() >= limits.maxEntries()) {
          throw refuse("it holds more than " + limits.maxEntries() + " entries");
        }
        total += size;
        if (total > limits.maxBytes()) {
          throw refuse("its content exceeds " + limits.maxBytes() + " bytes");
        }
        boolean directory = type == '5';
        byte[] content = readData(in, directory ? 0 : size);
        if (directory && size > 0) {
          readData(in, size);
        }
        entries.add(new Entry(path, directory, content));
      }
    } catch (IOException e) {
      throw refuse("it is not a readable gzip-compressed tar (" + e.getMessage() + ")");
    }
  }

  /** Writes {@code entries} under {@code root}, which must be an empty directory. */
  static void write(List<Entry> entries, Path root) throws GitOpsException {
    try {
      Path real = root.toRealPath();
      for (Entry e : entries) {
        Path target = real.resolve(e.path()).normalize();
        if (!target.startsWith(real) || target.equals(real)) {
          throw refuse("entry '" + printable(e.path()) + "' would land outside the output");
        }
        if (e.directory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        if (!target.getParent().toRealPath().equals(target.getParent())) {
          throw refuse("entry '" + printable(e.path()) + "' would be written through a link");
        }
        Files.write(
            target,
            e.content(),
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
      }
    } catch (IOException e) {
      throw new GitOpsException("could not write the artifact's files: " + e.getMessage());
    }
  }

  private static String checkedPath(String name) throws GitOpsException {
    String path = name;
    while (path.startsWith("./")) {
      path = path.substring(2);
    }
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.isEmpty() || path.equals(".")) {
      throw refuse("an entry has an empty path");
    }
    if (path.startsWith("/")
        || path.contains("\\")
        || path.indexOf('\0') >= 0
        || path.matches("^[A-Za-z]:.*")) {
      throw refuse("entry '" + printable(name) + "' has an absolute or non-portable path");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.isEmpty() || segment.equals(".")) {
        throw refuse("entry '" + printable(name) + "' has a '..', '.' or empty path segment");
      }
    }
    return path;
  }

  private static byte[] readData(InputStream in, long size) throws IOException, GitOpsException {
    if (size > Integer.MAX_VALUE - BLOCK) {
      throw refuse("an entry is too large");
    }
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) {
      throw refuse("it ends inside an entry");
    }
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      in.readNBytes(BLOCK - rest);
    }
    return data;
  }

  private static String paxValue(byte[] data, String key) throws GitOpsException {
    String text = new String(data, StandardCharsets.UTF_8);
    String found = null;
    int i = 0;
    while (i < text.length()) {
      int space = text.indexOf(' ', i);
      if (space < 0) {
        throw refuse("it has a malformed PAX header");
      }
      int length;
      try {
        length = Integer.parseInt(text.substring(i, space));
      } catch (NumberFormatException e) {
        throw refuse("it has a malformed PAX header");
      }
      byte[] rest = text.substring(i).getBytes(StandardCharsets.UTF_8);
      if (length <= 0 || length > rest.length) {
        throw refuse("it has a malformed PAX header");
      }
      String record = new String(rest, 0, length, StandardCharsets.UTF_8);
      int eq = record.indexOf('=');
      if (eq > 0 && record.endsWith("\n")) {
        String k = record.substring(record.indexOf(' ') + 1, eq);
        if (k.equals(key)) {
          found = record.substring(eq + 1, record.length() - 1);
        }
      }
      i += record.length();
    }
    return found;
  }

  private static void checkChecksum(byte[] h) throws GitOpsException {
    long expected = number(h, 148, 8);
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
    }
    if (sum != expected) {
      throw refuse("a header's checksum is wrong");
    }
  }

  private static long number(byte[] h, int off, int len) throws GitOpsException {
    if ((h[off] & 0x80) != 0) {
      throw refuse("it uses base-256 sizes (entries too large for an artifact)");
    }
    String text = string(h, off, len).trim();
    if (text.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(text, 8);
    } catch (NumberFormatException e) {
      throw refuse("a header has a malformed number");
    }
  }

  private static String string(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return new String(h, off, end - off, StandardCharsets.UTF_8);
  }

  private static boolean allZero(byte[] h) {
    for (byte b : h) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static GitOpsException refuse(String why) {
    return new GitOpsException("refusing the artifact's content: " + why);
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 200; i++) {
      char c = text.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return text.length() > 200 ? out + "..." : out.toString();
  }

  /** Stops a decompression bomb: fails once more than {@code max} bytes were read. */
  private static final class Bounded extends InputStream {
    private final InputStream in;
    private final long max;
    private long read;

    Bounded(InputStream in, long max) {
      this.in = in;
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      read += n;
      if (read > max) {
        throw new IOException("it decompresses to more than " + max + " bytes");
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
