package io.jconmon.driver.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jconmon.tck.TestContainer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TagTemplateTest {

    private static final TestContainer CONTAINER = new TestContainer();

    private static String expand(String template) {
        return TagTemplate.parse(template).expand(CONTAINER);
    }

    @Test
    void idIsTheTwelveCharacterPrefixAndFullIdTheWholeId() {
        assertEquals("0123456789ab", expand("{{.ID}}"));
        assertEquals(TestContainer.ID, expand("{{.FullID}}"));
    }

    @Test
    void nameLosesALeadingSlashAndIsEmptyWhenUnknown() {
        assertEquals("web", expand("{{.Name}}"));
        assertEquals("web", TagTemplate.parse("{{.Name}}")
                .expand(new TestContainer(TestContainer.ID, Optional.of("/web"), Map.of())));
        assertEquals("", TagTemplate.parse("{{.Name}}")
                .expand(new TestContainer(TestContainer.ID, Optional.empty(), Map.of())));
    }

    @Test
    void imageFieldsAreEmptyBecauseConmonIsNeverToldTheImage() {
        assertEquals("/", expand("{{.ImageName}}/{{.ImageID}}{{.ImageFullID}}"));
    }

    @Test
    void literalTextSpacesInActionsAndTrimMarkersWorkAsInGo() {
        assertEquals("docker/web/0123456789ab", expand("docker/{{.Name}}/{{ .ID }}"));
        assertEquals("plain tag", expand("plain tag"));
        assertEquals("aweb-b", expand("a  {{- .Name -}}  -b"));
        assertEquals("aweb", expand("a \n {{- .Name}}"));
        assertEquals("web}}x", expand("{{.Name}}}}x"));
    }

    @Test
    void unsupportedActionsAreRejectedNamingTheSupportedOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> TagTemplate.parse("x{{.Command}}"));
        assertEquals("unsupported action \"{{.Command}}\" in template \"x{{.Command}}\" (supported: "
                + TagTemplate.SUPPORTED + ")", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TagTemplate.parse("{{.ID | upper}}"));
        assertThrows(IllegalArgumentException.class, () -> TagTemplate.parse("{{.DaemonName}}"));
        assertEquals("unclosed action in template \"{{.ID\"",
                assertThrows(IllegalArgumentException.class, () -> TagTemplate.parse("{{.ID")).getMessage());
    }
}
