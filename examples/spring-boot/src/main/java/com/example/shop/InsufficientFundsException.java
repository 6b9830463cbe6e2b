package com.example.shop;

/** An order costs more than the account holds; the transaction that tried it rolls back. */
public class InsufficientFundsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InsufficientFundsException(long userId, long neededCents, long balanceCents) {
        super("account " + userId + " has " + balanceCents + " cents, the order costs " + neededCents);
    }
}
