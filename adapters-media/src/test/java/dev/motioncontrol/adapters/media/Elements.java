package dev.motioncontrol.adapters.media;

import java.io.ByteArrayOutputStream;

/** EBML elements written by hand, for the cases ffmpeg does not make (a 4-byte Duration, another DocType). */
final class Elements {

    private Elements() {
    }

    /** The element {@code id} (its bytes as the specification writes them) holding {@code children}. */
    static byte[] element(long id, byte[]... children) {
        byte[] content = concat(children);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int idLength = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
        for (int i = idLength - 1; i >= 0; i--) {
            out.write((int) (id >> 8 * i));
        }
        // The size as an 8-byte VINT: 0x01 then 7 bytes.
        out.write(0x01);
        for (int i = 6; i >= 0; i--) {
            out.write((int) ((long) content.length >> 8 * i));
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        return Boxes.concat(parts);
    }
}
