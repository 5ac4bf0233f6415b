package io.filejobs.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API Lambda's package as deployed ({@code target/filejobs-app-lambda.jar}, with Micronaut
 * AOT's build-time service list) against this module's plain class path, each started in a JVM of
 * its own with the settings Terraform deploys the API Lambda with: both must hold exactly the same
 * beans and answer. Micronaut AOT decides at build time which beans can exist, from the settings
 * the build gives it (app/pom.xml, execution micronaut-aot); a bean whose setting were missing
 * there would be missing from the package, with no error until a request needed it.
 */
class LambdaPackageIT {

    private static final Pattern TERRAFORM_SETTING = Pattern.compile("^\\s*(FILEJOBS_[A-Z_]+)\\s*=", Pattern.MULTILINE);
    private static final Pattern AOT_SETTING = Pattern.compile("<(FILEJOBS_[A-Z_]+)>([^<]*)</\\1>");

    @TempDir
    static Path censusClasses;

    private static Map<String, String> deployedSettings;

    @BeforeAll
    static void settingsAndCensus() throws IOException {
        Map<String, String> aot = new TreeMap<>();
        Matcher m = AOT_SETTING.matcher(Files.readString(Path.of("pom.xml")));
        while (m.find()) {
            aot.put(m.group(1), m.group(2));
        }
        deployedSettings = aot;
        Path census = censusClasses.resolve("io/filejobs/app/LambdaBeanCensus.class");
        Files.createDirectories(census.getParent());
        try (var in = LambdaBeanCensus.class.getResourceAsStream("LambdaBeanCensus.class")) {
            Files.copy(in, census);
        }
    }

    @Test
    void theAotAnalysisSeesEverySettingTerraformGivesTheApiLambda() throws IOException {
        Set<String> terraform = new TreeSet<>();
        for (Path file : List.of(Path.of("..", "terraform", "main.tf"), Path.of("..", "terraform", "modules", "api", "main.tf"))) {
            Matcher m = TERRAFORM_SETTING.matcher(Files.readString(file));
            while (m.find()) {
                terraform.add(m.group(1));
            }
        }
        assertTrue(terraform.contains("FILEJOBS_WORKFLOW_STATE_MACHINE_ARN"), "read the settings from terraform: " + terraform);
        assertEquals(terraform, deployedSettings.keySet(),
                "the micronaut-aot execution in app/pom.xml must be given every FILEJOBS_* setting the API Lambda is deployed with");
    }

    @Test
    void thePackageHoldsTheSameBeansAsThePlainClassPathAndAnswers() throws Exception {
        Path target = Path.of("target");
        String plain = target.resolve("classes") + File.pathSeparator + Files.readString(target.resolve("lambda-runtime.cp")).trim();
        List<String> packaged = census(target.resolve("filejobs-app-lambda.jar").toString());
        List<String> unpackaged = census(plain);

        assertEquals("aot true", packaged.get(0), "the package runs with Micronaut AOT's optimizations");
        assertEquals("aot false", unpackaged.get(0));
        assertEquals("health 200", packaged.get(1));
        assertEquals("health 200", unpackaged.get(1));
        for (List<String> census : List.of(packaged, unpackaged)) {
            assertEquals(List.of(), census.stream().filter(l -> l.startsWith("built ")).toList(),
                    "the handler (ApiHandler) builds a service's client when a request first calls the service, not at start");
        }
        Set<String> withAot = beans(packaged);
        Set<String> without = beans(unpackaged);
        assertTrue(without.contains("bean io.filejobs.core.aws.$StepFunctionsRunLauncher$Definition")
                && without.contains("bean io.filejobs.core.aws.$EventBridgeSchedules$Definition"),
                "the deployed settings reached the census (the AWS-backed launcher and schedules are there)");
        Set<String> missing = new TreeSet<>(without);
        missing.removeAll(withAot);
        Set<String> extra = new TreeSet<>(withAot);
        extra.removeAll(without);
        assertEquals(Set.of(), missing, "beans the Lambda package lacks");
        assertEquals(Set.of(), extra, "beans only the Lambda package has");
    }

    @Test
    void thePackageNamesEachOfAotsServicesOnce() throws IOException {
        try (ZipFile jar = new ZipFile(Path.of("target", "filejobs-app-lambda.jar").toFile())) {
            for (String service : List.of("io.micronaut.context.ApplicationContextConfigurer", "io.micronaut.core.optim.StaticOptimizations$Loader")) {
                ZipEntry entry = jar.getEntry("META-INF/services/" + service);
                assertTrue(entry != null, service + " is in the package");
                List<String> names = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8).lines()
                        .map(String::trim).filter(l -> !l.isEmpty()).toList();
                assertTrue(names.stream().allMatch(n -> n.startsWith("io.filejobs.app.aot.")), service + ": " + names);
                assertEquals(names.size(), Set.copyOf(names).size(), service + " names a class twice: " + names);
            }
        }
    }

    private static Set<String> beans(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("bean ")).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> census(String classPath) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", censusClasses + File.pathSeparator + classPath, LambdaBeanCensus.class.getName()));
        Path output = Files.createTempFile(censusClasses, "census", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("FILEJOBS_") || k.startsWith("MICRONAUT_"));
        env.putAll(deployedSettings);
        // What the Lambda runtime sets; the SDK clients are built at start but make no call here.
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "census");
        env.put("AWS_SECRET_ACCESS_KEY", "census");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "filejobs-api");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the census JVM did not end within 2 minutes");
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), out);
        List<String> lines = out.lines().filter(l -> l.startsWith("aot ") || l.startsWith("health ") || l.startsWith("built ")
                || l.startsWith("bean ")).toList();
        assertTrue(lines.size() > 2, out);
        return lines;
    }
}
