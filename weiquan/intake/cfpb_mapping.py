"""CFPB Product / Issue / Sub-issue -> our complaint class (China Consumers Association) and issue tags.

The CCDB's issues are about financial services; the closest class is chosen by what the consumer complains of:
wrong or misused personal records -> personal_data; fees and charges -> price; misleading statements and
advertising -> false_advertising; harassment and threats -> personal_dignity; servicing, payments, accounts and
loan terms -> contract; disputes about a purchase and customer service -> after_sales. Issues not listed fall back
to their product's class. Tags are short slugs of the product family, the issue and the sub-issue.
"""

import re

PRODUCT_FAMILY: dict[str, tuple[str, str]] = {
    # product -> (tag, fallback category)
    "Credit reporting, credit repair services, or other personal consumer reports": ("credit_reporting", "personal_data"),
    "Credit reporting": ("credit_reporting", "personal_data"),
    "Debt collection": ("debt_collection", "contract"),
    "Checking or savings account": ("bank_account", "contract"),
    "Bank account or service": ("bank_account", "contract"),
    "Credit card or prepaid card": ("credit_card", "contract"),
    "Credit card": ("credit_card", "contract"),
    "Prepaid card": ("prepaid_card", "contract"),
    "Mortgage": ("mortgage", "contract"),
    "Student loan": ("student_loan", "contract"),
    "Vehicle loan or lease": ("vehicle_loan", "contract"),
    "Money transfer, virtual currency, or money service": ("money_transfer", "contract"),
    "Money transfers": ("money_transfer", "contract"),
    "Virtual currency": ("money_transfer", "contract"),
    "Payday loan, title loan, or personal loan": ("personal_loan", "contract"),
    "Payday loan": ("personal_loan", "contract"),
    "Consumer Loan": ("personal_loan", "contract"),
    "Other financial service": ("other_financial", "other"),
}

ISSUE_CATEGORY: dict[str, str] = {
    "Incorrect information on your report": "personal_data",
    "Incorrect information on credit report": "personal_data",
    "Problem with a credit reporting company's investigation into an existing problem": "personal_data",
    "Improper use of your report": "personal_data",
    "Improper use of my credit report": "personal_data",
    "Unable to get your credit report or credit score": "personal_data",
    "Problem with fraud alerts or security freezes": "personal_data",
    "Credit monitoring or identity theft protection services": "personal_data",
    "Identity theft protection or other monitoring services": "personal_data",
    "Identity theft / Fraud / Embezzlement": "personal_data",
    "Threatened to contact someone or share information improperly": "personal_data",
    "Improper contact or sharing of info": "personal_data",
    "Attempts to collect debt not owed": "contract",
    "Cont'd attempts collect debt not owed": "contract",
    "Written notification about debt": "contract",
    "Disclosure verification of debt": "contract",
    "Communication tactics": "personal_dignity",
    "Took or threatened to take negative or legal action": "personal_dignity",
    "Taking/threatening an illegal action": "personal_dignity",
    "False statements or representation": "false_advertising",
    "Advertising and marketing, including promotional offers": "false_advertising",
    "Advertising": "false_advertising",
    "Confusing or misleading advertising or marketing": "false_advertising",
    "Confusing or missing disclosures": "false_advertising",
    "Fees or interest": "price",
    "Charged fees or interest you didn't expect": "price",
    "Charged fees or interest I didn't expect": "price",
    "Unexpected or other fees": "price",
    "Excessive fees": "price",
    "Problem with a lender or other company charging your account": "price",
    "Problem with a purchase shown on your statement": "after_sales",
    "Problem with a purchase or transfer": "after_sales",
    "Problem with customer service": "after_sales",
    "Other service problem": "after_sales",
    "Problem with a company's investigation into an existing issue": "after_sales",
    "Billing disputes": "after_sales",
    "Can't contact lender or servicer": "after_sales",
    "Vehicle was damaged or destroyed the vehicle": "quality",
    "Fraud or scam": "counterfeit",
    "Received a loan you didn't apply for": "counterfeit",
    "Lost or stolen money order": "contract",
    "Unauthorized transactions or other transaction problem": "contract",
}

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = 40) -> str:
    return _SLUG.sub("_", text.lower()).strip("_")[:limit].rstrip("_")


def map_complaint(product: str, issue: str, sub_issue: str) -> tuple[str, list[str]]:
    """(category, tags) for one CFPB row; unknown products fall to 'other' with their slug as a tag."""
    family_tag, fallback = PRODUCT_FAMILY.get(product, (slug(product) or "unknown_product", "other"))
    category = ISSUE_CATEGORY.get(issue, fallback)
    tags = [family_tag]
    for part in (issue, sub_issue):
        tag = slug(part)
        if tag and tag not in tags:
            tags.append(tag)
    return category, tags
