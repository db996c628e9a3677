from . import rcm_customer_statement
