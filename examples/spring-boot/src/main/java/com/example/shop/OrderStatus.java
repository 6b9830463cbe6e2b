package com.example.shop;

public enum OrderStatus {
    PLACED,
    SHIPPED,
    CANCELLED
}
