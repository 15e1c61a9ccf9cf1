package ai.induo.common.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafetyRuleTest {

    private static final Color SKIN = new Color(224, 172, 105);
    private static final Color SHIRT = new Color(58, 92, 164);
    private static final SafetyRule RULE = new SafetyRule(SafetyRule.DEFAULT_SKIN_FRACTION);

    @Test
    void personImageThatIsMostlySkinToneIsFlaggedAsSkinExposure() {
        SafetyVerdict verdict = RULE.check(new SafetyInput(image(100, 100, 0.8), List.of()));

        assertThat(verdict.isFlagged()).isTrue();
        assertThat(verdict.category()).contains(SafetyCategory.SKIN_EXPOSURE);
    }

    @Test
    void clothedPersonImageWithSomeSkinIsClear() {
        assertThat(RULE.check(new SafetyInput(image(100, 100, 0.3), List.of())).isFlagged()).isFalse();
    }

    @Test
    void onlyThePersonImageCounts() {
        BufferedImage skinColouredProduct = image(50, 50, 1.0);

        assertThat(RULE.check(new SafetyInput(image(80, 80, 0.0), List.of(skinColouredProduct))).isFlagged()).isFalse();
    }

    @Test
    void thresholdIsInclusiveAndLargeImagesAreSampled() {
        BufferedImage half = image(2000, 1000, 0.5);

        assertThat(SafetyRule.skinFraction(half)).isCloseTo(0.5, offset(0.01));
        assertThat(new SafetyRule(0.5).check(new SafetyInput(half, List.of())).isFlagged()).isTrue();
        assertThat(new SafetyRule(0.52).check(new SafetyInput(half, List.of())).isFlagged()).isFalse();
    }

    @Test
    void skinToneFollowsTheKovacPeerSolinaRule() {
        assertThat(SafetyRule.isSkin(SKIN.getRGB())).isTrue();
        assertThat(SafetyRule.isSkin(new Color(196, 212, 232).getRGB())).as("pale sky: blue above red").isFalse();
        assertThat(SafetyRule.isSkin(new Color(90, 60, 40).getRGB())).as("too dark for the rule").isFalse();
        assertThat(SafetyRule.isSkin(new Color(200, 195, 150).getRGB())).as("red and green too close").isFalse();
        assertThat(SafetyRule.isSkin(Color.WHITE.getRGB())).isFalse();
    }

    @Test
    void thresholdOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new SafetyRule(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SafetyRule(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SafetyRule(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    /** An image whose left {@code skinShare} of columns is skin tone and the rest a blue shirt. */
    private static BufferedImage image(int width, int height, double skinShare) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            int skinWidth = (int) Math.round(width * skinShare);
            g.setColor(SKIN);
            g.fillRect(0, 0, skinWidth, height);
            g.setColor(SHIRT);
            g.fillRect(skinWidth, 0, width - skinWidth, height);
        } finally {
            g.dispose();
        }
        return image;
    }
}
