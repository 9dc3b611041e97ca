package io.gitopspipeline.yaml;

import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;
import org.snakeyaml.engine.v2.resolver.JsonScalarResolver;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;

/**
 * How the YAML readers GitOps files meet resolve a plain (unquoted, untagged) scalar: to a string,
 * or to {@code int}, {@code float}, {@code bool}, {@code null}, {@code timestamp}, {@code merge} or
 * {@code value}.
 *
 * <p>Each reader follows its own code, not the YAML specification's loosest regular expressions:
 * {@code 1.1.0} matches the YAML 1.1 float expression but no reader below reads it as a number. The
 * snakeyaml-engine readers are the library's own resolvers; the others are ports checked against
 * the real readers by the tests (tables generated with Go and PyYAML, and the snakeyaml jar
 * itself).
 */
enum PlainReaders {
  /**
   * gopkg.in/yaml.v2 v2.4.0 ({@code resolve.go}): YAML 1.1 booleans ({@code y}, {@code on}),
   * octals, timestamps; what Helm and many Go tools read with.
   */
  GO_YAML_V2 {
    @Override
    String resolve(String plain) {
      return go(plain, true, false);
    }
  },
  /**
   * sigs.k8s.io/yaml's fork of yaml.v2 (Kubernetes, kustomize, Flux): yaml.v2, except that a
   * positive integer past 64 bits stays an integer (a {@code big.Int}).
   */
  GO_YAML_V2_KUBERNETES {
    @Override
    String resolve(String plain) {
      return go(plain, true, true);
    }
  },
  /** gopkg.in/yaml.v3 ({@code resolve.go}): YAML 1.2 booleans, but 1.1 octals and timestamps. */
  GO_YAML_V3 {
    @Override
    String resolve(String plain) {
      return go(plain, false, false);
    }
  },
  /** snakeyaml 1.x/2.x ({@code Resolver}, YAML 1.1): Jenkins, Spring and most Java tools. */
  SNAKEYAML {
    @Override
    String resolve(String plain) {
      return firstMatch(plain, SNAKEYAML_RULES);
    }
  },
  /** snakeyaml-engine's YAML 1.2 core schema resolver. */
  SNAKEYAML_ENGINE_CORE {
    @Override
    String resolve(String plain) {
      return engine(CORE, plain);
    }
  },
  /** snakeyaml-engine's YAML 1.2 JSON schema resolver (its default schema). */
  SNAKEYAML_ENGINE_JSON {
    @Override
    String resolve(String plain) {
      return engine(JSON, plain);
    }
  },
  /** PyYAML ({@code resolver.py}, YAML 1.1): Ansible, pre-commit, many CI scripts. */
  PYYAML {
    @Override
    String resolve(String plain) {
      return firstMatch(plain, PYYAML_RULES);
    }
  };

  static final String STR = "str";

  /** The type this reader gives {@code plain} written as a plain scalar. */
  abstract String resolve(String plain);

  // ---------------------------------------------------------------- snakeyaml-engine

  private static final ScalarResolver CORE = new CoreScalarResolver(true);
  private static final ScalarResolver JSON = new JsonScalarResolver();

  private static String engine(ScalarResolver resolver, String plain) {
    Tag tag = resolver.resolve(plain, true);
    if (tag.equals(Tag.ENV_TAG)) {
      return STR; // ${VAR} is substituted only when the loader is given an EnvConfig
    }
    String value = tag.getValue();
    return value.startsWith(Tag.PREFIX) ? value.substring(Tag.PREFIX.length()) : value;
  }

  // ---------------------------------------------------------------- regular-expression readers

  private record Rule(String type, Pattern pattern) {}

  private static String firstMatch(String plain, Rule[] rules) {
    for (Rule rule : rules) {
      if (rule.pattern().matcher(plain).matches()) {
        return rule.type();
      }
    }
    return STR;
  }

  private static final String TIMESTAMP_11 =
      "[0-9]{4}-[0-9]{2}-[0-9]{2}"
          + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
          + "(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?";

  /** Order matters where expressions overlap: it is the reader's own order. */
  private static final Rule[] PYYAML_RULES = {
    new Rule(
        "bool",
        Pattern.compile(
            "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF")),
    new Rule(
        "float",
        Pattern.compile(
            "[-+]?[0-9][0-9_]*\\.[0-9_]*(?:[eE][-+][0-9]+)?"
                + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
                + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)")),
    new Rule(
        "int",
        Pattern.compile(
            "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
                + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+")),
    new Rule("merge", Pattern.compile("<<")),
    new Rule("null", Pattern.compile("~|null|Null|NULL|")),
    new Rule("timestamp", Pattern.compile(TIMESTAMP_11)),
    new Rule("value", Pattern.compile("=")),
  };

  private static final Rule[] SNAKEYAML_RULES = {
    new Rule(
        "bool",
        Pattern.compile(
            "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF")),
    new Rule(
        "int",
        Pattern.compile(
            "[-+]?0b_*[0-1][0-1_]*|[-+]?0_*[0-7][0-7_]*|[-+]?(?:0|[1-9][0-9_]*)"
                + "|[-+]?0x_*[0-9a-fA-F][0-9a-fA-F_]*|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+")),
    new Rule(
        "float",
        Pattern.compile(
            "[-+]?[0-9][0-9_]*\\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
                + "|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
                + "|[-+]?\\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
                + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
                + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)")),
    new Rule("merge", Pattern.compile("<<")),
    new Rule("null", Pattern.compile("~|null|Null|NULL| |")),
    new Rule("timestamp", Pattern.compile(TIMESTAMP_11)),
    new Rule("value", Pattern.compile("=")),
  };

  // ---------------------------------------------------------------- go-yaml

  private static final Set<String> GO_TRUE_FALSE =
      Set.of("true", "True", "TRUE", "false", "False", "FALSE");
  private static final Set<String> GO_V2_ONLY_BOOLS =
      Set.of(
          "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off",
          "OFF");
  private static final Set<String> GO_NULLS = Set.of("~", "null", "Null", "NULL");
  private static final Set<String> GO_SPECIAL_FLOATS =
      Set.of(
          ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
          "-.Inf", "-.INF");

  /** {@code yamlStyleFloat}: the only floats the digit and sign branch accepts. */
  private static final Pattern GO_YAML_FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

  /** Go's strconv.ParseFloat on text starting with a dot (underscores only between digits). */
  private static final Pattern GO_DOT_FLOAT =
      Pattern.compile("\\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?");

  /** Go's strconv.ParseInt/ParseUint syntax with base 0, once yaml removed the underscores. */
  private static final Pattern GO_INT =
      Pattern.compile(
          "([-+]?)(0[xX]([0-9a-fA-F]+)|0[bB]([01]+)|0[oO]([0-7]+)|(0[0-7]*)|([1-9][0-9]*))");

  private static final BigInteger INT64_MIN = BigInteger.ONE.shiftLeft(63).negate();
  private static final BigInteger INT64_MAX = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private static String go(String in, boolean v2, boolean bigInts) {
    if (in.isEmpty() || GO_NULLS.contains(in)) {
      return "null";
    }
    if (GO_TRUE_FALSE.contains(in) || (v2 && GO_V2_ONLY_BOOLS.contains(in))) {
      return "bool";
    }
    if (GO_SPECIAL_FLOATS.contains(in)) {
      return "float";
    }
    if (!v2 && in.equals("<<")) {
      return "merge"; // v3's parser tags a plain << as a merge key wherever it stands
    }
    char hint = in.charAt(0);
    if (hint == '.') {
      return GO_DOT_FLOAT.matcher(in).matches() && finite(in.replace("_", "")) ? "float" : STR;
    }
    if (hint != '+' && hint != '-' && (hint < '0' || hint > '9')) {
      return STR;
    }
    if (GoTimestamps.parses(in)) {
      return "timestamp";
    }
    String plain = in.replace("_", "");
    if (goInt(plain, bigInts)) {
      return "int";
    }
    if (GO_YAML_FLOAT.matcher(plain).matches() && finite(plain)) {
      return "float";
    }
    return goPrefixFallback(plain, v2) ? "int" : STR;
  }

  private static final Pattern GO_BINARY_FALLBACK = Pattern.compile("0b([-+]?[01]+)|-0b([01]+)");
  private static final Pattern GO_OCTAL_FALLBACK = Pattern.compile("0o([-+]?[0-7]+)|-0o([0-7]+)");

  /**
   * The explicit {@code 0b} (and in v3 {@code 0o}) branches of resolve.go, which parse what follows
   * the prefix on its own: so {@code 0b+1} and {@code 0o-7} are integers too.
   */
  private static boolean goPrefixFallback(String plain, boolean v2) {
    Matcher binary = GO_BINARY_FALLBACK.matcher(plain);
    if (binary.matches()) {
      return binary.group(1) != null
          ? fitsParseIntOrUint(binary.group(1), 2)
          : fitsInt64(new BigInteger("-" + binary.group(2), 2));
    }
    Matcher octal = GO_OCTAL_FALLBACK.matcher(plain);
    if (!v2 && octal.matches()) {
      return octal.group(1) != null
          ? fitsParseIntOrUint(octal.group(1), 8)
          : fitsInt64(new BigInteger("-" + octal.group(2), 8));
    }
    return false;
  }

  private static boolean fitsParseIntOrUint(String digits, int radix) {
    BigInteger value = new BigInteger(digits, radix);
    return fitsInt64(value)
        || (Character.isDigit(digits.charAt(0)) && value.compareTo(UINT64_MAX) <= 0);
  }

  private static boolean fitsInt64(BigInteger value) {
    return value.compareTo(INT64_MIN) >= 0 && value.compareTo(INT64_MAX) <= 0;
  }

  /** Whether ParseFloat succeeds: it fails with ErrRange where the value overflows. */
  private static boolean finite(String decimal) {
    return !Double.isInfinite(Double.parseDouble(decimal));
  }

  /** ParseInt, then ParseUint (which takes no sign); with {@code bigInts} a positive overflow is */
  private static boolean goInt(String plain, boolean bigInts) {
    Matcher m = GO_INT.matcher(plain);
    if (!m.matches()) {
      return false;
    }
    BigInteger magnitude;
    if (m.group(3) != null) {
      magnitude = new BigInteger(m.group(3), 16);
    } else if (m.group(4) != null) {
      magnitude = new BigInteger(m.group(4), 2);
    } else if (m.group(5) != null) {
      magnitude = new BigInteger(m.group(5), 8);
    } else if (m.group(6) != null) {
      magnitude = m.group(6).length() == 1 ? BigInteger.ZERO : new BigInteger(m.group(6), 8);
    } else {
      magnitude = new BigInteger(m.group(7));
    }
    boolean signed = !m.group(1).isEmpty();
    BigInteger value = m.group(1).equals("-") ? magnitude.negate() : magnitude;
    if (value.compareTo(INT64_MIN) >= 0 && value.compareTo(INT64_MAX) <= 0) {
      return true;
    }
    return !signed && (bigInts || value.compareTo(UINT64_MAX) <= 0);
  }
}
