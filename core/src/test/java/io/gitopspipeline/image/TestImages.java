package io.gitopspipeline.image;

import io.gitopspipeline.api.GitOpsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Builds small, real images (a one-file tar.gz layer, a config, a manifest) and multi-arch indexes,
 * and pushes them over the registry API. The JSON is written with unusual spacing on purpose: any
 * client that re-serialises a manifest instead of copying its bytes would change the digest.
 */
public final class TestImages {
  private TestImages() {}

  /** What was pushed: the reference it was pushed as, its digest, media type and exact bytes. */
  public record Pushed(
      ImageReference reference, String digest, String mediaType, byte[] manifest) {}

  /** Pushes a single-platform image with one file in one layer. */
  public static Pushed pushImage(
      RegistryClient client,
      ImageReference target,
      String architecture,
      String fileContent,
      boolean oci)
      throws GitOpsException {
    byte[] tar = tar("hello.txt", fileContent.getBytes(StandardCharsets.UTF_8));
    byte[] layer = gzip(tar);
    String layerDigest = client.pushBlob(target, layer);
    String diffId = HttpRegistryClient.digestOf(tar, "sha256");
    byte[] config =
        ("{\"architecture\": \""
                + architecture
                + "\", \"os\": \"linux\", \"config\": {\"Cmd\": [\"cat\", \"/hello.txt\"]},"
                + " \"rootfs\": {\"type\": \"layers\", \"diff_ids\": [\""
                + diffId
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    String configDigest = client.pushBlob(target, config);
    String mediaType = oci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST;
    String manifest =
        "{\n   \"schemaVersion\": 2,\n   \"mediaType\": \""
            + mediaType
            + "\",\n   \"config\": {\"mediaType\": \""
            + (oci ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG)
            + "\", \"digest\": \""
            + configDigest
            + "\", \"size\": "
            + config.length
            + "},\n   \"layers\": [ {\"mediaType\": \""
            + (oci ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.DOCKER_LAYER_GZIP)
            + "\", \"digest\": \""
            + layerDigest
            + "\", \"size\": "
            + layer.length
            + "} ]\n}\n";
    return put(client, target, manifest, mediaType);
  }

  /** Pushes an OCI index over already pushed images, one per architecture. */
  public static Pushed pushIndex(
      RegistryClient client, ImageReference target, List<Pushed> images, List<String> architectures)
      throws GitOpsException {
    StringBuilder manifests = new StringBuilder();
    for (int i = 0; i < images.size(); i++) {
      Pushed image = images.get(i);
      manifests
          .append(i == 0 ? "" : ",\n")
          .append("    {\"mediaType\": \"")
          .append(image.mediaType())
          .append("\", \"digest\": \"")
          .append(image.digest())
          .append("\", \"size\": ")
          .append(image.manifest().length)
          .append(", \"platform\": {\"architecture\": \"")
          .append(architectures.get(i))
          .append("\", \"os\": \"linux\"}}");
    }
    String index =
        "{\n  \"schemaVersion\": 2,\n  \"mediaType\": \""
            + MediaTypes.OCI_INDEX
            + "\",\n  \"manifests\": [\n"
            + manifests
            + "\n  ]\n}";
    return put(client, target, index, MediaTypes.OCI_INDEX);
  }

  private static Pushed put(
      RegistryClient client, ImageReference target, String json, String mediaType)
      throws GitOpsException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    String digest = HttpRegistryClient.digestOf(bytes, "sha256");
    client.putManifest(target, new Manifest(bytes, mediaType, digest));
    return new Pushed(target, digest, mediaType, bytes);
  }

  /** A POSIX ustar archive with one regular file. */
  static byte[] tar(String name, byte[] content) {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", content.length));
    put(header, 136, String.format("%011o", 0));
    Arrays.fill(header, 148, 156, (byte) ' ');
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    header[155] = ' ';
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header);
    out.writeBytes(content);
    out.writeBytes(new byte[(512 - content.length % 512) % 512]);
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  private static void put(byte[] target, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, target, offset, bytes.length);
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
