package io.gitopspipeline.render;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Typed validation of built-in kinds against fabric8's Kubernetes model: a field the model does not
 * know (a misspelt {@code contianers}) or a value of the wrong shape is reported with its path.
 * Kinds the model does not know (custom resources) are not checked.
 */
final class SchemaCheck {
  private final KubernetesSerialization kubernetes;
  private final ObjectMapper mapper =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);
  private final Map<JavaType, Map<String, JavaType>> properties = new ConcurrentHashMap<>();

  /**
   * @param kubernetes fabric8's registry of model classes (costly to build: share it)
   */
  SchemaCheck(KubernetesSerialization kubernetes) {
    this.kubernetes = kubernetes;
  }

  /** True when fabric8's model has a class for the kind. */
  boolean knows(Manifest manifest) {
    return type(manifest) != null;
  }

  private Class<? extends KubernetesResource> type(Manifest manifest) {
    if (manifest.apiVersion().isEmpty() || manifest.kind().isEmpty()) {
      return null;
    }
    try {
      return kubernetes.getRegisteredKubernetesResource(manifest.apiVersion(), manifest.kind());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Problems with the manifest, each naming its path; empty when it fits the model. */
  void check(Manifest manifest, List<String> problems) {
    Class<? extends KubernetesResource> type = type(manifest);
    if (type == null) {
      return;
    }
    Map<String, Object> content = manifest.content();
    if (SecretGuard.isSops(content)) { // SOPS's metadata block, which Flux removes on decryption
      content = new java.util.LinkedHashMap<>(content);
      content.remove("sops");
    }
    int before = problems.size();
    walk(content, mapper.constructType(type), "", manifest, problems);
    if (problems.size() == before) {
      try {
        // Through JSON text, so numbers arrive as the model's creators expect (int, not long).
        mapper.readValue(mapper.writeValueAsString(content), type);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        String path = e instanceof JsonMappingException m ? pathOf(m.getPath()) : "(unknown)";
        problems.add(
            manifest.describe()
                + ": field "
                + path
                + " has the wrong type"
                // Jackson's words may quote the value, which in a Secret must not be shown.
                + (SecretGuard.isSecret(content)
                    ? ""
                    : ": " + ManifestYaml.oneLine(firstLine(e.getMessage()))));
      }
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    int at = line.indexOf(" at [Source");
    return at < 0 ? line : line.substring(0, at);
  }

  private static String pathOf(List<JsonMappingException.Reference> refs) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        b.append('[').append(ref.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private void walk(Object value, JavaType type, String path, Manifest manifest, List<String> out) {
    if (value == null || leaf(type)) {
      return;
    }
    if (type.isCollectionLikeType() || type.isArrayType()) {
      if (value instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          walk(list.get(i), type.getContentType(), path + "[" + i + "]", manifest, out);
        }
      } else {
        out.add(manifest.describe() + ": field " + path + " must be a list");
      }
      return;
    }
    if (type.isMapLikeType()) {
      if (value instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          walk(
              e.getValue(),
              type.getContentType(),
              join(path, String.valueOf(e.getKey())),
              manifest,
              out);
        }
      } else {
        out.add(manifest.describe() + ": field " + path + " must be a mapping");
      }
      return;
    }
    if (!(value instanceof Map<?, ?> map)) {
      out.add(
          manifest.describe()
              + ": field "
              + (path.isEmpty() ? "(root)" : path)
              + " must be a mapping, not '"
              + value
              + "'");
      return;
    }
    Map<String, JavaType> known = properties(type);
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      JavaType fieldType = known.get(key);
      String fieldPath = join(path, key);
      if (fieldType == null) {
        out.add(
            manifest.describe()
                + ": unknown field "
                + fieldPath
                + " (not in "
                + type.getRawClass().getSimpleName()
                + "; check the spelling)");
      } else {
        walk(e.getValue(), fieldType, fieldPath, manifest, out);
      }
    }
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private Map<String, JavaType> properties(JavaType type) {
    return properties.computeIfAbsent(
        type,
        t -> {
          BeanDescription description = mapper.getDeserializationConfig().introspect(t);
          Map<String, JavaType> result = new HashMap<>();
          for (BeanPropertyDefinition property : description.findProperties()) {
            if (property.hasSetter() || property.hasField() || property.hasConstructorParameter()) {
              result.put(property.getName(), property.getPrimaryType());
            }
          }
          return result;
        });
  }

  private static boolean hasCreator(Class<?> raw) {
    for (var constructor : raw.getDeclaredConstructors()) {
      if (constructor.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonCreator.class)) {
        return true;
      }
    }
    for (var method : raw.getDeclaredMethods()) {
      if (method.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonCreator.class)) {
        return true;
      }
    }
    return false;
  }

  private static boolean leaf(JavaType type) {
    Class<?> raw = type.getRawClass();
    if (raw.isPrimitive() || raw.isEnum() || raw == Object.class) {
      return true;
    }
    if (raw.getName().startsWith("java.") && !type.isContainerType()) {
      return true;
    }
    if (raw.isInterface() && !type.isContainerType()) {
      return true; // e.g. HasMetadata inside a List kind: polymorphic, not checked here
    }
    if (raw.getSimpleName().equals("AnyType") || hasCreator(raw)) {
      return true; // IntOrString, Quantity and friends take a scalar through a creator
    }
    JsonDeserialize custom = raw.getAnnotation(JsonDeserialize.class);
    return custom != null
        && custom.using() != com.fasterxml.jackson.databind.JsonDeserializer.None.class;
  }
}
