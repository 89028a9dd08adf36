package dev.motioncontrol.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MotionTransferRulesTest {

    private static final String IMAGE = "https://cdn.example.com/character.png";
    private static final String VIDEO = "https://cdn.example.com/dance.mp4";
    private static final String WEBHOOK = "https://hooks.example.com/motion";

    private final MotionTransferRules rules = MotionTransferRules.publicOnly();

    @Test
    void aKling3RequestIsAKling3TransferOfItsTier() {
        MotionTransfer transfer = valid(rules.validate(new MotionTransferRequest(
                IMAGE, VIDEO, null, null, null, null, Model.KLING_3, Tier.STANDARD)));

        assertThat(transfer.modelTier()).isEqualTo(new ModelTier(Model.KLING_3, Tier.STANDARD));
    }

    @Test
    void appliesTheDefaultsWhenTheOptionalFieldsAreAbsent() {
        MotionTransfer transfer = valid(rules.validate(request(IMAGE, VIDEO, null, null, null, null)));

        assertThat(transfer).isEqualTo(new MotionTransfer(
                new CharacterImage(HttpUrl.of(IMAGE)),
                new ReferenceVideo(HttpUrl.of(VIDEO)),
                Optional.empty(),
                CharacterOrientation.VIDEO,
                new CfgScale(0.5),
                Optional.empty(),
                new ModelTier(Model.KLING_2_6, Tier.PRO)));
    }

    @Test
    void keepsEveryFieldOfAFullyValidRequest() {
        MotionTransferRequest request = new MotionTransferRequest(
                IMAGE, VIDEO, "a dancer on a rooftop", "image", 0.8, WEBHOOK, Tier.STANDARD);

        MotionTransfer transfer = valid(rules.validate(request));

        assertThat(transfer).isEqualTo(new MotionTransfer(
                new CharacterImage(HttpUrl.of(IMAGE)),
                new ReferenceVideo(HttpUrl.of(VIDEO)),
                Optional.of(new Prompt("a dancer on a rooftop")),
                CharacterOrientation.IMAGE,
                new CfgScale(0.8),
                Optional.of(new WebhookUrl(HttpUrl.of(WEBHOOK))),
                new ModelTier(Model.KLING_2_6, Tier.STANDARD)));
    }

    @Test
    void requiresTheImageUrl() {
        assertThat(violations(request(null, VIDEO, null, null, null, null)))
                .containsExactly(new Violation("image_url", "is required"));
    }

    @Test
    void requiresTheVideoUrl() {
        assertThat(violations(request(IMAGE, null, null, null, null, null)))
                .containsExactly(new Violation("video_url", "is required"));
    }

    @Test
    void reportsEveryMistakeAtOnceInTheDocumentedFieldOrder() {
        MotionTransferRequest request = request("ftp://cdn.example.com/character.png", VIDEO, null, "Video", 1.5, null);

        assertThat(violations(request)).containsExactly(
                new Violation("image_url", "must use http or https, not ftp"),
                new Violation("character_orientation", "must be one of: video, image"),
                new Violation("cfg_scale", "must be between 0 and 1 inclusive, was 1.5"));
    }

    @Test
    void reportsAMistakeInEachOfTheSixFieldsUnderItsApiName() {
        MotionTransferRequest request = request(
                "character.png", "http://localhost/dance.mp4", "a".repeat(2501), "", Double.NaN, "mailto:me@example.com");

        assertThat(violations(request)).extracting(Violation::field).containsExactlyElementsOf(MotionTransferRules.FIELDS);
    }

    @Test
    void reportsUnreadableFieldsTogetherWithTheBrokenRules() {
        Violation unreadableCfgScale = new Violation("cfg_scale", "must be a number");
        MotionTransferRequest request = new MotionTransferRequest(
                null, VIDEO, null, "sideways", null, null, Model.KLING_2_6, Tier.PRO, List.of(unreadableCfgScale));

        assertThat(violations(request)).containsExactly(
                new Violation("image_url", "is required"),
                new Violation("character_orientation", "must be one of: video, image"),
                unreadableCfgScale);
    }

    @Test
    void doesNotReportARequiredFieldAsMissingWhenItWasUnreadable() {
        Violation unreadableImage = new Violation("image_url", "must be a string");
        MotionTransferRequest request = new MotionTransferRequest(
                null, VIDEO, null, null, null, null, Model.KLING_2_6, Tier.PRO, List.of(unreadableImage));

        assertThat(violations(request)).containsExactly(unreadableImage);
    }

    @Test
    void doesNotJudgeAValueAgainOfAFieldReportedUnreadable() {
        Violation unreadablePrompt = new Violation("prompt", "must be a string");
        MotionTransferRequest request = new MotionTransferRequest(
                IMAGE, VIDEO, "a".repeat(2501), null, null, null, Model.KLING_2_6, Tier.PRO, List.of(unreadablePrompt));

        assertThat(violations(request)).containsExactly(unreadablePrompt);
    }

    @Test
    void reportsAnUnknownFieldAfterTheDocumentedOnes() {
        Violation unknownField = new Violation("seed", "is not a field of this API");
        MotionTransferRequest request = new MotionTransferRequest(
                IMAGE, VIDEO, null, null, 7.0, null, Model.KLING_2_6, Tier.PRO, List.of(unknownField));

        assertThat(violations(request)).containsExactly(
                new Violation("cfg_scale", "must be between 0 and 1 inclusive, was 7.0"),
                unknownField);
    }

    @Test
    void refusesAMediaUrlThatIsNotPubliclyAccessible() {
        assertThat(violations(request("http://localhost:9000/character.png", VIDEO, null, null, null, null)))
                .singleElement()
                .satisfies(violation -> {
                    assertThat(violation.field()).isEqualTo("image_url");
                    assertThat(violation.reason()).contains("publicly accessible");
                });
    }

    @Test
    void relaxedPolicyAcceptsALocalMediaUrl() {
        MotionTransferRules relaxed = new MotionTransferRules(UrlAccessPolicy.allowingPrivateHosts());

        MotionTransfer transfer = valid(relaxed.validate(
                request("http://localhost:9000/a.png", "http://10.0.0.5/dance.mp4", null, null, null, null)));

        assertThat(transfer.image().url()).isEqualTo(HttpUrl.of("http://localhost:9000/a.png"));
    }

    @Test
    void rejectsAnImageUrlOfAnUnacceptedFormat() {
        assertThat(violations(request("https://cdn.example.com/character.gif", VIDEO, null, null, null, null)))
                .containsExactly(new Violation("image_url",
                        "the URL\'s path ends in .gif, a format the provider does not accept for the image; use JPG, JPEG, PNG or WEBP"));
    }

    @Test
    void rejectsAVideoUrlOfAnUnacceptedFormat() {
        assertThat(violations(request(IMAGE, "https://cdn.example.com/dance.avi", null, null, null, null)))
                .containsExactly(new Violation("video_url",
                        "the URL\'s path ends in .avi, a format the provider does not accept for the video; use MP4, MOV, WEBM or M4V"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/hooks/motion", "ftp://hooks.example.com/motion", "javascript:alert(1)", " "})
    void rejectsAWebhookUrlThatIsNotAnAbsoluteHttpUrl(String webhook) {
        assertThat(violations(request(IMAGE, VIDEO, null, null, null, webhook)))
                .extracting(Violation::field).containsExactly("webhook_url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080/hook", "http://192.168.1.10/hook", "http://169.254.169.254/latest"})
    void rejectsAWebhookUrlThatIsNotPubliclyAccessible(String webhook) {
        assertThat(violations(request(IMAGE, VIDEO, null, null, null, webhook))).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("webhook_url");
            assertThat(violation.reason()).contains("publicly accessible");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://2130706433/hook", "http://0x7f000001/hook", "http://127.1/hook",
        "http://0177.0.0.1/hook", "http://127.000.000.001/hook"})
    void refusesANumericHostFormEvenWhenTheAddressItSpellsIsAllowListed(String webhook) {
        MotionTransferRules loopbackAllowed = new MotionTransferRules(UrlAccessPolicy.publicOnlyExcept(List.of("127.0.0.1")));

        assertThat(violations(loopbackAllowed, request(IMAGE, VIDEO, null, null, null, webhook)))
                .singleElement().satisfies(violation -> {
                    assertThat(violation.field()).isEqualTo("webhook_url");
                    assertThat(violation.reason()).endsWith(" is a numeric form that is not a dotted-quad IPv4 address");
                });
    }

    @Test
    void refusesANumericHostFormEvenWhenPrivateHostsAreAllowed() {
        MotionTransferRules relaxed = new MotionTransferRules(UrlAccessPolicy.allowingPrivateHosts());

        assertThat(violations(relaxed, request("http://0x7f000001/a.png", VIDEO, null, null, null, null)))
                .containsExactly(new Violation("image_url",
                        "host 0x7f000001 is a numeric form that is not a dotted-quad IPv4 address"));
    }

    @Test
    void acceptsTheDottedQuadOfAnAllowListedAddress() {
        MotionTransferRules loopbackAllowed = new MotionTransferRules(UrlAccessPolicy.publicOnlyExcept(List.of("127.0.0.1")));

        MotionTransfer transfer = valid(loopbackAllowed.validate(
                request(IMAGE, VIDEO, null, null, null, "http://127.0.0.1:9000/hook")));

        assertThat(transfer.webhook()).isPresent();
    }

    @Test
    void doesNotJudgeTheWebhookUrlByAMediaFormat() {
        MotionTransfer transfer = valid(rules.validate(
                request(IMAGE, VIDEO, null, null, null, "https://hooks.example.com/motion.gif")));

        assertThat(transfer.webhook()).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Video", " video", "", "IMAGE"})
    void rejectsAnOrientationNotSpelledExactlyVideoOrImage(String orientation) {
        assertThat(violations(request(IMAGE, VIDEO, null, orientation, null, null)))
                .containsExactly(new Violation("character_orientation", "must be one of: video, image"));
    }

    @Test
    void rejectsAPromptOver2500Characters() {
        assertThat(violations(request(IMAGE, VIDEO, "a".repeat(2501), null, null, null)))
                .containsExactly(new Violation("prompt", "must be at most 2500 characters, was 2501"));
    }

    @Test
    void acceptsAnEmptyPromptAsGiven() {
        MotionTransfer transfer = valid(rules.validate(request(IMAGE, VIDEO, "", null, null, null)));

        assertThat(transfer.prompt()).contains(new Prompt(""));
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void rejectsANonFiniteCfgScale(double cfgScale) {
        assertThat(violations(request(IMAGE, VIDEO, null, null, cfgScale, null))).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("cfg_scale");
            assertThat(violation.reason()).contains("finite");
        });
    }

    private static MotionTransferRequest request(String image, String video, String prompt, String orientation,
            Double cfgScale, String webhook) {
        return new MotionTransferRequest(image, video, prompt, orientation, cfgScale, webhook, Tier.PRO);
    }

    private List<Violation> violations(MotionTransferRequest request) {
        return violations(rules, request);
    }

    private static List<Violation> violations(MotionTransferRules rules, MotionTransferRequest request) {
        Validation<MotionTransfer> validation = rules.validate(request);
        assertThat(validation).isInstanceOf(Validation.Invalid.class);
        return ((Validation.Invalid<MotionTransfer>) validation).violations();
    }

    private static MotionTransfer valid(Validation<MotionTransfer> validation) {
        assertThat(validation).isInstanceOf(Validation.Valid.class);
        return ((Validation.Valid<MotionTransfer>) validation).value();
    }
}
