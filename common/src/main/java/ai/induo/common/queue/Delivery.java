package ai.induo.common.queue;

/**
 * One delivery of a job message to a consumer. Exactly one of {@link #ack()}, {@link #release()} or
 * {@link #reject()} must be called once the outcome is known; {@link #extendLease()} may be called
 * any number of times before that, from any thread.
 */
public interface Delivery {

    JobMessage message();

    /** 1 on the first delivery, higher on redelivery. */
    int deliveryCount();

    /** Done: the outcome is saved, never deliver this message again. */
    void ack();

    /** Transient failure: deliver again (to this or another consumer). */
    void release();

    /** Poison: never deliver again; the backend dead-letters it where it can. */
    void reject();

    /** Keep this delivery locked to this consumer for another lock period. */
    void extendLease();
}
