package io.gitopspipeline.render;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The stand-in for the YAML-edit capability's kustomize-image edit until both are merged: it
 * rewrites the scratch copy's kustomization with a load-and-dump, which is fine there because
 * nobody reads that copy's formatting. The {@code images[]} semantics are kustomize's: the entry
 * whose {@code name} matches is updated, otherwise one is added.
 */
final class ScratchKustomizationImages implements KustomizationImages {
  @Override
  @SuppressWarnings("unchecked")
  public void setImage(Path kustomization, String name, ImageRef image) throws GitOpsException {
    Map<String, Object> doc;
    try {
      Object loaded =
          new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build())
              .loadFromString(Files.readString(kustomization, StandardCharsets.UTF_8));
      doc = loaded instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    } catch (IOException | YamlEngineException e) {
      throw new InvalidInputException(
          kustomization.getFileName() + " could not be read to set the image: " + e.getMessage());
    }
    List<Object> images =
        doc.get("images") instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
    Map<String, Object> entry = null;
    for (Object each : images) {
      if (each instanceof Map<?, ?> m && name.equals(m.get("name"))) {
        entry = (Map<String, Object>) m;
      }
    }
    if (entry == null) {
      entry = new LinkedHashMap<>();
      entry.put("name", name);
      images.add(entry);
    }
    if (!image.repository().equals(name)) {
      entry.put("newName", image.repository());
    } else {
      entry.remove("newName");
    }
    if (!image.tag().isEmpty()) {
      entry.put("newTag", image.tag());
    } else {
      entry.remove("newTag");
    }
    if (!image.digest().isEmpty()) {
      entry.put("digest", image.digest());
    } else {
      entry.remove("digest");
    }
    doc.put("images", images);
    String text =
        new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build())
            .dumpToString(doc);
    try {
      Files.writeString(kustomization, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new GitOpsException("could not write the scratch kustomization: " + e.getMessage());
    }
  }
}
