package ai.induo.gateway.privacy.erasure;

import java.io.IOException;
import java.util.Map;

/**
 * One part of erasing an account, run by {@link ErasureRunner} in {@link #order()}: a CDI bean, so an
 * integration (Stripe, Shopify) adds its own. A step may run again after a crash or a failure part-way,
 * so it must be idempotent: erasing what is already gone is not an error. The steps here use orders
 * 100 (cancel jobs), 200 (objects), 300 (the account's documents), 400 (login failures), 500 (safety-case links) and 1000 (the
 * account document, last); an integration's step goes between 400 and 1000, while the account
 * document it may need still exists.
 */
public interface ErasureStep {

    /** The stable name the erasure's progress records the step under. */
    String name();

    /** Where the step runs among the others: lower first. */
    int order();

    /**
     * Erases the account's part held by this step.
     *
     * @return how many things of each kind it erased (kind names such as {@code objects}, {@code jobs}),
     *     added to the erasure's receipt
     */
    Map<String, Long> erase(ErasureSubject subject) throws IOException;
}
