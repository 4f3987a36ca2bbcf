package io.llmbench.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ItlCodecTest {
    @Test
    void packsAndUnpacksAnyIntsInOrder() {
        int[] a = {0, 1, -1, 63, 64, -64, -65, 8_191, 8_192, 1_000_000, Integer.MAX_VALUE, Integer.MIN_VALUE};
        int[] b = new Random(5).ints(10_000, 0, 60_000).toArray();
        ItlCodec.Packer p = new ItlCodec.Packer();
        p.add(a);
        p.add(new int[0]);
        p.add(b);
        assertThat(p.size()).isEqualTo(ItlCodec.packedSize(a) + ItlCodec.packedSize(b));
        ItlCodec.Unpacker u = new ItlCodec.Unpacker(p.take());
        assertThat(u.next(a.length)).containsExactly(a);
        assertThat(u.next(0)).isEmpty();
        assertThat(u.next(b.length)).containsExactly(b);
        assertThat(u.exhausted()).isTrue();
        assertThat(p.size()).isZero();
    }

    @Test
    void packsTypicalGapsIntoAtMostThreeBytes() {
        assertThat(ItlCodec.packedSize(new int[] {8_000})).isEqualTo(2);
        assertThat(ItlCodec.packedSize(new int[] {60_000})).isEqualTo(3);
    }

    @Test
    void rejectsABlockThatEndsTooSoon() {
        ItlCodec.Packer p = new ItlCodec.Packer();
        p.add(new int[] {5, 6});
        ItlCodec.Unpacker u = new ItlCodec.Unpacker(p.take());
        assertThatThrownBy(() -> u.next(3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ended after 2");
        assertThatThrownBy(() -> new ItlCodec.Unpacker(new byte[] {(byte) 0x80}).next(1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
