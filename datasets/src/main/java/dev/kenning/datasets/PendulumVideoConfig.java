package dev.kenning.datasets;

/**
 * Pendulum videos: {@code frames} at {@code fps}, images {@code width × height}, a pendulum of
 * {@code length} metres under {@code gravity} (so ω = √(g/L) in the generated world).
 */
public record PendulumVideoConfig(int frames, double fps, int width, int height, double length, double gravity) {
    public PendulumVideoConfig {
        if (frames < 3 || !(fps > 0) || width < 16 || height < 16 || !(length > 0) || !(gravity > 0)) {
            throw new IllegalArgumentException("pendulum videos need frames >= 3, fps > 0, images >= 16x16, length"
                    + " and gravity > 0; got " + frames + " frames, " + fps + " fps, " + width + "x" + height
                    + ", L = " + length + " m, g = " + gravity);
        }
    }

    public double omega() {
        return Math.sqrt(gravity / length);
    }
}
