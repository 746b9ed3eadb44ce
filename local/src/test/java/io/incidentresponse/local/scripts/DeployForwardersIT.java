package io.incidentresponse.local.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/deploy-forwarders, run as a user would, with a fake {@code aws} first on the PATH that
 * records every call: the dry run deploys nothing, a real run deploys every region but the home
 * one and names the ones that failed, and it fails with a message (never hangs) on bad usage, a
 * missing CLI or a CLI that does not answer. (An IT because it writes the fake CLI to disk.)
 */
class DeployForwardersIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    private static final Path SCRIPT = ROOT.resolve("scripts/deploy-forwarders");
    private static final String FAKE_AWS = """
            #!/usr/bin/env bash
            # Records its arguments, one call a line; answers describe-regions; fails or hangs when told.
            echo "$*" >> "$FAKE_AWS_LOG"
            if [ "$1 $2" = "ec2 describe-regions" ]; then printf 'us-east-1\\teu-west-1\\tap-southeast-2\\tsa-east-1\\n'; exit 0; fi
            region=""; while [ $# -gt 0 ]; do [ "$1" = "--region" ] && region=$2; shift; done
            case ",${FAKE_AWS_FAIL:-}," in *",$region,"*) echo "An error occurred (ValidationError) in $region" >&2; exit 255 ;; esac
            case ",${FAKE_AWS_HANG:-}," in *",$region,"*) exec sleep 600 ;; esac
            echo "Successfully created/updated stack in $region"
            """;

    @TempDir
    Path dir;

    private record Run(int status, String out, String err, List<String> awsCalls, Duration took) {
    }

    private Run run(Map<String, String> env, String path, String... args) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path aws = bin.resolve("aws");
        Files.writeString(aws, FAKE_AWS);
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = dir.resolve("aws-calls.log");
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("PATH", path == null ? bin + ":" + System.getenv("PATH") : path);
        builder.environment().put("FAKE_AWS_LOG", log.toString());
        builder.environment().putAll(env);
        Instant start = Instant.now();
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("deploy-forwarders did not end within 60 s");
        }
        List<String> calls = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return new Run(process.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8), calls, Duration.between(start, Instant.now()));
    }

    private Run run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), null, args);
    }

    @Test
    void aDryRunPrintsOneDeployPerRegionButTheHomeOneAndCallsNothing() throws Exception {
        // when
        Run run = run("--home-region", "us-east-1", "--regions", "us-east-1,eu-west-1, ap-southeast-2", "--forward-alarms",
                "--alarm-name-prefix", "prod-", "--min-severity", "4.5", "--dry-run");

        // then
        assertEquals(0, run.status(), run.err());
        assertTrue(run.awsCalls().isEmpty(), run.awsCalls().toString());
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size(), run.out());
        for (String region : List.of("eu-west-1", "ap-southeast-2")) {
            String line = lines.stream().filter(l -> l.contains("--region " + region + " ")).findFirst().orElseThrow();
            assertTrue(line.startsWith("aws cloudformation deploy "), line);
            assertTrue(line.contains("--template-file " + ROOT.resolve("forwarder.yaml")), line);
            assertTrue(line.contains("--capabilities CAPABILITY_IAM"), line);
            assertTrue(line.contains("--parameter-overrides HomeRegion=us-east-1 MinSeverity=4.5 ForwardAlarms=true AlarmNamePrefix=prod-"),
                    line);
        }
        assertTrue(run.err().contains("skipping us-east-1: the home region"), run.err());
    }

    @Test
    void withoutRegionsItDeploysToEveryEnabledRegionButTheHomeOne() throws Exception {
        // when
        Run run = run("--home-region", "us-east-1");

        // then
        assertEquals(0, run.status(), run.err());
        assertTrue(run.awsCalls().get(0).startsWith("ec2 describe-regions --region us-east-1"), run.awsCalls().toString());
        List<String> deploys = run.awsCalls().stream().filter(c -> c.startsWith("cloudformation deploy")).toList();
        assertEquals(3, deploys.size(), deploys.toString());
        assertTrue(deploys.stream().noneMatch(c -> c.contains("--region us-east-1")), deploys.toString());
        assertTrue(run.err().contains("deployed in 3 regions: eu-west-1 ap-southeast-2 sa-east-1"), run.err());
    }

    @Test
    void aRegionThatFailsIsNamedAndTheOthersStillDeploy() throws Exception {
        // when
        Run run = run(Map.of("FAKE_AWS_FAIL", "ap-southeast-2"), null, "--home-region", "us-east-1", "--regions",
                "eu-west-1,ap-southeast-2,sa-east-1", "--profile", "security");

        // then
        assertEquals(1, run.status(), run.err());
        assertEquals(3, run.awsCalls().size());
        assertTrue(run.awsCalls().stream().allMatch(c -> c.contains("--profile security")), run.awsCalls().toString());
        assertTrue(run.err().contains("failed in 1 of 3 regions: ap-southeast-2"), run.err());
    }

    @Test
    void aCliThatDoesNotAnswerIsStoppedAfterTheTimeoutAndNamed() throws Exception {
        // when
        Run run = run(Map.of("FAKE_AWS_HANG", "eu-west-1"), null, "--home-region", "us-east-1", "--regions", "eu-west-1,sa-east-1",
                "--timeout", "2");

        // then
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().contains("eu-west-1: FAILED: no answer within 2 s"), run.err());
        assertTrue(run.err().contains("sa-east-1: ok"), run.err());
        assertTrue(run.took().compareTo(Duration.ofSeconds(30)) < 0, run.took().toString());
    }

    @Test
    void badUsageAndAMissingCliFailWithAMessage() throws Exception {
        assertEquals(2, run().status());
        assertTrue(run().err().contains("--home-region is required"));
        Run badRegion = run("--home-region", "Virginia");
        assertEquals(2, badRegion.status());
        assertTrue(badRegion.err().contains("'Virginia' is not a region name"), badRegion.err());
        Run unknown = run("--home-region", "us-east-1", "--everywhere");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("unknown option '--everywhere'"), unknown.err());
        Run onlyHome = run("--home-region", "us-east-1", "--regions", "us-east-1");
        assertEquals(2, onlyHome.status());
        assertTrue(onlyHome.err().contains("no region to deploy to"), onlyHome.err());

        assumeFalse(Files.exists(Path.of("/usr/bin/aws")) || Files.exists(Path.of("/bin/aws")), "an aws CLI is installed in /usr/bin");
        Run noCli = run(Map.of(), "/usr/bin:/bin", "--home-region", "us-east-1", "--regions", "eu-west-1");
        assertEquals(2, noCli.status());
        assertTrue(noCli.err().contains("the AWS CLI (aws) is not on PATH"), noCli.err());
    }
}
