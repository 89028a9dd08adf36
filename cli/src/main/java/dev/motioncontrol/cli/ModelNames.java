package dev.motioncontrol.cli;

import dev.motioncontrol.domain.Model;
import dev.motioncontrol.domain.Tier;
import java.util.Locale;
import picocli.CommandLine;

/**
 * How the command line names the models and tiers ({@code --model 2.6|3}, {@code --tier pro|std}, the names of the
 * provider's paths) and how it shows them.
 */
final class ModelNames {

    private ModelNames() {
    }

    /** {@code 2.6} or {@code 3}. */
    static final class ModelName implements CommandLine.ITypeConverter<Model> {
        @Override
        public Model convert(String value) {
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "2.6", "v2-6", "kling-v2-6":
                    return Model.KLING_2_6;
                case "3", "v3", "kling-v3":
                    return Model.KLING_3;
                default:
                    throw new CommandLine.TypeConversionException("'" + value + "' is not a model: use 2.6 or 3");
            }
        }
    }

    /** {@code pro} or {@code std}. */
    static final class TierName implements CommandLine.ITypeConverter<Tier> {
        @Override
        public Tier convert(String value) {
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "pro":
                    return Tier.PRO;
                case "std", "standard":
                    return Tier.STANDARD;
                default:
                    throw new CommandLine.TypeConversionException("'" + value + "' is not a tier: use pro or std");
            }
        }
    }

    /** {@code Kling 2.6}, {@code Kling 3}. */
    static String label(Model model) {
        return model == Model.KLING_2_6 ? "Kling 2.6" : "Kling 3";
    }

    /** {@code 2.6} or {@code 3}, as {@code --model} takes it. */
    static String shortName(Model model) {
        return model == Model.KLING_2_6 ? "2.6" : "3";
    }

    /** {@code pro} or {@code std}, as {@code --tier} takes it. */
    static String shortName(Tier tier) {
        return tier == Tier.PRO ? "pro" : "std";
    }
}
