"""Contracts that cross service boundaries: integration events, their CloudEvents
envelope, Kafka topics, and the shared descriptor taxonomy.

An event is defined here once and imported by its producer and its consumers.
"""
