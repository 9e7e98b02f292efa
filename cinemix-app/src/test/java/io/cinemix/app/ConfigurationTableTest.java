package io.cinemix.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration table is true: it lists exactly the environment variables the app reads (application.yml
 * is the one place that reads them), and each documented default is the app's default, in application.yml and in
 * {@link CinemixSettings} alike.
 */
class ConfigurationTableTest {
    /** {@code | `PORT` | `8000` | meaning |}: the variable and its default as written. */
    private static final Pattern ROW = Pattern.compile("\\| `([A-Z][A-Z0-9_]*)` \\| ([^|]+?) \\|.*");
    /** A default written as a literal value, in backticks; anything else ("unset", "none") means no value. */
    private static final Pattern LITERAL = Pattern.compile("`([^`]*)`");
    /** {@code key: ${VARIABLE:default}} (a default holding a colon is in backticks). */
    private static final Pattern PLACEHOLDER =
            Pattern.compile("^\\s*([a-z][a-z0-9-]*): \\$\\{([A-Z][A-Z0-9_]*):`?([^`}]*)`?}\\s*$");
    /** What the app needs set to use the settings that depend on them (OMDb's and Redis'), none connected to. */
    private static final Map<String, String> CONFIGURED = Map.of("OMDB_API_KEY", "K3Y", "REDIS_URL",
            "redis://localhost:6379");

    private record Read(String key, String defaultValue) {
    }

    @Test
    void listsExactlyTheVariablesTheAppReads() throws IOException {
        assertThat(table().keySet()).containsExactlyInAnyOrderElementsOf(applicationYml().keySet());
        assertThat(resource("src/main/resources/logback.xml")).as("logback.xml reads no variable").doesNotContain("${");
    }

    @Test
    void givesEachSettingTheDefaultOfApplicationYml() throws IOException {
        Map<String, Read> yml = applicationYml();
        table().forEach((variable, documented) -> assertThat(yml.get(variable).defaultValue())
                .as(variable).isEqualTo(literal(documented).orElse("")));
    }

    @Test
    void readsEveryVariableOfApplicationYmlIntoTheSettings() throws IOException {
        Map<String, String> keys = new HashMap<>();
        applicationYml().forEach((variable, read) -> keys.put(read.key(), variable));
        for (RecordComponent component : CinemixProperties.class.getRecordComponents()) {
            assertThat(keys).as("cinemix.%s in application.yml", kebab(component.getName()))
                    .containsKey("cinemix." + kebab(component.getName()));
        }
        assertThat(keys.keySet()).filteredOn(key -> key.startsWith("cinemix."))
                .hasSize(CinemixProperties.class.getRecordComponents().length);
    }

    @Test
    void givesEachSettingTheDocumentedDefaultWhenItsVariableIsUnset() throws Exception {
        CinemixSettings unset = settings(CONFIGURED);
        Map<String, Read> yml = applicationYml();
        assertThat(settings(withYmlDefaults(yml))).usingRecursiveComparison().isEqualTo(unset);
        for (Map.Entry<String, String> row : table().entrySet()) {
            Optional<String> literal = literal(row.getValue());
            if (literal.isPresent() && yml.get(row.getKey()).key().startsWith("cinemix.")) {
                Map<String, String> set = new HashMap<>(CONFIGURED);
                set.put(row.getKey(), literal.get());
                assertThat(settings(set)).as(row.getKey() + "=" + literal.get()).usingRecursiveComparison()
                        .isEqualTo(unset);
            }
        }
    }

    private static Map<String, String> withYmlDefaults(Map<String, Read> yml) {
        Map<String, String> values = new HashMap<>();
        yml.forEach((variable, read) -> values.put(variable, read.defaultValue()));
        values.putAll(CONFIGURED);
        return values;
    }

    /** The settings with these variables set, as application.yml hands them to {@link CinemixProperties}. */
    private static CinemixSettings settings(Map<String, String> variables) throws Exception {
        Map<String, String> byKey = new HashMap<>();
        applicationYml().forEach((variable, read) -> byKey.put(read.key(), variables.get(variable)));
        RecordComponent[] components = CinemixProperties.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = byKey.get("cinemix." + kebab(components[i].getName()));
            types[i] = components[i].getType();
        }
        return CinemixSettings.from(CinemixProperties.class.getDeclaredConstructor(types).newInstance(values));
    }

    /** README.md's "## Configuration" table: variable to default as written. */
    private static Map<String, String> table() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : resource("../README.md").lines().toList()) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Configuration");
            } else if (inSection) {
                Matcher row = ROW.matcher(line);
                if (row.matches()) {
                    assertThat(rows.put(row.group(1), row.group(2).strip())).as("%s listed once", row.group(1))
                            .isNull();
                }
            }
        }
        assertThat(rows).as("the README's configuration table").isNotEmpty();
        return rows;
    }

    /** Every variable application.yml reads: to the full key it sets and its default there. */
    private static Map<String, Read> applicationYml() throws IOException {
        Map<String, Read> reads = new LinkedHashMap<>();
        String section = "";
        for (String line : resource("src/main/resources/application.yml").lines().toList()) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
                section = line.substring(0, line.indexOf(':'));
            }
            Matcher placeholder = PLACEHOLDER.matcher(line);
            if (placeholder.matches()) {
                reads.put(placeholder.group(2), new Read(section + "." + placeholder.group(1), placeholder.group(3)));
            } else {
                assertThat(line).as("a variable read other than as 'key: ${VARIABLE:default}'").doesNotContain("${");
            }
        }
        return reads;
    }

    private static Optional<String> literal(String documented) {
        Matcher literal = LITERAL.matcher(documented);
        return literal.matches() ? Optional.of(literal.group(1)) : Optional.empty();
    }

    private static String kebab(String camelCase) {
        return camelCase.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    private static String resource(String pathFromTheModule) throws IOException {
        return Files.readString(Path.of(pathFromTheModule), StandardCharsets.UTF_8);
    }
}
