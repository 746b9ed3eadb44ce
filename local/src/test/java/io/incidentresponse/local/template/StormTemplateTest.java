package io.incidentresponse.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.config.Variables;
import io.incidentresponse.shared.function.SignalSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** template.yaml's storm and rollout settings: each a parameter, wired to its variable, its default one the functions accept. */
class StormTemplateTest {
    /** Variable -> the parameter it is set from. */
    static final Map<String, String> SETTINGS = Map.of(
            Variables.DRY_RUN, "DryRun",
            Variables.MAX_NEW_CASES_PER_HOUR, "MaxNewCasesPerHour",
            Variables.MAX_NEW_INCIDENTS_PER_HOUR, "MaxNewIncidentsPerHour",
            Variables.BUDGET_EXEMPT_SEVERITY, "BudgetExemptSeverity");

    private final SamTemplate template = SamTemplate.bundled();

    @Test
    void everyStormSettingIsAParameterWiredToItsVariable() {
        JsonNode variables = template.globals("Function").at("/Environment/Variables");
        SETTINGS.forEach((variable, parameter) -> {
            assertEquals(parameter, variables.path(variable).asText(), variable);
            assertTrue(template.parameterDefault(parameter).isPresent(), parameter + " has a default");
        });
        assertEquals("false", template.parameterDefault("DryRun").orElseThrow(), "a new stack opens cases");
        JsonNode actions = template.resource("FunctionPermissions", "AWS::IAM::ManagedPolicy").at("/Properties/PolicyDocument/Statement/0/Action");
        assertTrue(actions.toString().contains("security-ir:UpdateCase"), "a group's title and threat actors: " + actions);
    }

    @Test
    void theDefaultsAreSettingsTheFunctionsAccept() {
        Map<String, String> env = new HashMap<>(Map.of(Variables.LEDGER_TABLE, "ledger"));
        SETTINGS.forEach((variable, parameter) -> env.put(variable, template.parameterDefault(parameter).orElseThrow()));
        SignalSettings settings = SignalSettings.from(new Settings(env));
        assertEquals(false, settings.dryRun());
        assertEquals(50, settings.budget().casesPerHour());
        assertEquals(50, settings.budget().incidentsPerHour());
        assertEquals(9.0, settings.budget().exemptSeverity());
    }
}
