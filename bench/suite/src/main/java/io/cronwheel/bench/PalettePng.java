package io.cronwheel.bench;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes a chart as an 8-bit palette PNG, at the strongest compression: half the size of the RGB image, and the
 * same to the eye. A chart is a few flat colours and the anti-aliased edges between them, so the palette is the
 * 256 commonest colours of the image and each other pixel, an edge pixel, takes the nearest of them. The committed
 * results are kept small this way (bench/results stays under 2 MB).
 */
final class PalettePng {
    private static final int COLOURS = 256;

    private PalettePng() {}

    static void write(BufferedImage rgb, Path file) throws IOException {
        int width = rgb.getWidth();
        int height = rgb.getHeight();
        int[] pixels = rgb.getRGB(0, 0, width, height, null, 0, width);
        int[] palette = commonest(pixels);
        IndexColorModel model = colorModel(palette);
        BufferedImage indexed = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, model);
        byte[] data = ((DataBufferByte) indexed.getRaster().getDataBuffer()).getData();
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < palette.length; i++) {
            index.put(palette[i], i);
        }
        for (int i = 0; i < pixels.length; i++) {
            int rgbValue = pixels[i] & 0xFFFFFF;
            data[i] = (byte) (int) index.computeIfAbsent(rgbValue, v -> nearest(palette, v));
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0f); // the strongest deflate level
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(indexed, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /** The {@link #COLOURS} commonest colours, commonest first. */
    private static int[] commonest(int[] pixels) {
        Map<Integer, int[]> counts = new HashMap<>();
        for (int p : pixels) {
            counts.computeIfAbsent(p & 0xFFFFFF, k -> new int[1])[0]++;
        }
        List<Map.Entry<Integer, int[]>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0]));
        int n = Math.min(COLOURS, entries.size());
        int[] palette = new int[n];
        for (int i = 0; i < n; i++) {
            palette[i] = entries.get(i).getKey();
        }
        return palette;
    }

    private static IndexColorModel colorModel(int[] palette) {
        byte[] r = new byte[palette.length];
        byte[] g = new byte[palette.length];
        byte[] b = new byte[palette.length];
        for (int i = 0; i < palette.length; i++) {
            r[i] = (byte) (palette[i] >> 16);
            g[i] = (byte) (palette[i] >> 8);
            b[i] = (byte) palette[i];
        }
        return new IndexColorModel(8, palette.length, r, g, b);
    }

    private static int nearest(int[] palette, int rgb) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < palette.length; i++) {
            int dr = ((palette[i] >> 16) & 0xFF) - ((rgb >> 16) & 0xFF);
            int dg = ((palette[i] >> 8) & 0xFF) - ((rgb >> 8) & 0xFF);
            int db = (palette[i] & 0xFF) - (rgb & 0xFF);
            long distance = 3L * dr * dr + 4L * dg * dg + 2L * db * db;
            if (distance < bestDistance) {
                bestDistance = distance;
                best = i;
            }
        }
        return best;
    }
}
