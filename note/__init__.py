"""The Secretariat's note on statistics and drug trafficking trends, written from the warehouse."""
