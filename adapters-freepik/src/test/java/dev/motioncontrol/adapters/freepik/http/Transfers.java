package dev.motioncontrol.adapters.freepik.http;

import dev.motioncontrol.domain.ModelTier;
import dev.motioncontrol.domain.Model;
import dev.motioncontrol.application.ClientKey;
import dev.motioncontrol.application.Owner;
import dev.motioncontrol.application.port.out.MapStateStore;
import dev.motioncontrol.domain.CfgScale;
import dev.motioncontrol.domain.CharacterImage;
import dev.motioncontrol.domain.CharacterOrientation;
import dev.motioncontrol.domain.HttpUrl;
import dev.motioncontrol.domain.MotionTransfer;
import dev.motioncontrol.domain.Prompt;
import dev.motioncontrol.domain.ReferenceVideo;
import dev.motioncontrol.domain.Tier;
import java.util.Optional;

/** Valid transfers and a caller, for the client's tests. */
final class Transfers {

    static final Owner OWNER = MapStateStore.owner(new ClientKey("the-callers-own-key"));

    private Transfers() {
    }

    static MotionTransfer aTransfer() {
        return aTransfer(Tier.PRO);
    }

    static MotionTransfer aTransfer(Tier tier) {
        return new MotionTransfer(
                new CharacterImage(HttpUrl.of("https://cdn.example.com/character.png")),
                new ReferenceVideo(HttpUrl.of("https://cdn.example.com/dance.mp4")),
                Optional.of(new Prompt("a character dancing")),
                CharacterOrientation.VIDEO,
                CfgScale.DEFAULT,
                Optional.empty(),
                new ModelTier(Model.KLING_2_6, tier));
    }
}
