package dev.motioncontrol.freepik.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.Tier;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FreepikPathsTest {

    @Test
    void kling26SubmitsPerTierAndKeepsBothTiersUnderImageToVideo() {
        assertThat(FreepikPaths.of(Model.KLING_2_6, Tier.PRO).submit()).isEqualTo("/v1/ai/video/kling-v2-6-motion-control-pro");
        assertThat(FreepikPaths.of(Model.KLING_2_6, Tier.STANDARD).submit()).isEqualTo("/v1/ai/video/kling-v2-6-motion-control-std");
        assertThat(FreepikPaths.of(Model.KLING_2_6, Tier.STANDARD).status("t")).isEqualTo("/v1/ai/image-to-video/kling-v2-6/t");
    }

    @Test
    void kling3HasAStatusAndAListPathPerTier() {
        assertThat(FreepikPaths.of(Model.KLING_3, Tier.PRO).submit()).isEqualTo("/v1/ai/video/kling-v3-motion-control-pro");
        assertThat(FreepikPaths.of(Model.KLING_3, Tier.STANDARD).status("t")).isEqualTo("/v1/ai/video/kling-v3-motion-control-std/t");
    }

    @Test
    void aTaskIsFoundOnlyUnderItsOwnModelsPaths() {
        assertThat(FreepikPaths.statusPaths(Model.KLING_2_6)).containsExactly("/v1/ai/image-to-video/kling-v2-6",
                "/v1/ai/video/kling-v2-6-motion-control-pro", "/v1/ai/video/kling-v2-6-motion-control-std");
        assertThat(FreepikPaths.statusPaths(Model.KLING_3)).containsExactly(
                "/v1/ai/video/kling-v3-motion-control-pro", "/v1/ai/video/kling-v3-motion-control-std");
    }

    @Test
    void listsAreOnePerModelFor26AndOnePerTierFor3() {
        assertThat(FreepikPaths.listPaths()).containsExactly(
                new FreepikPaths.ListPath("/v1/ai/image-to-video/kling-v2-6", Model.KLING_2_6, Optional.empty()),
                new FreepikPaths.ListPath("/v1/ai/video/kling-v3-motion-control-pro", Model.KLING_3, Optional.of(Tier.PRO)),
                new FreepikPaths.ListPath("/v1/ai/video/kling-v3-motion-control-std", Model.KLING_3, Optional.of(Tier.STANDARD)));
    }
}
