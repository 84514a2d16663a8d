package io.phalanx.connectors.kafka;

/** A record for a result topic: its Kafka key (may be null) and its JSON value. Flink POJO. */
public class KeyedValue {
    public String key;
    public String value;

    public KeyedValue() {}

    public KeyedValue(String key, String value) {
        this.key = key;
        this.value = value;
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
